namespace Tessera.Field.Tests;

public class BabyBearSmokeTests
{
    [Fact]
    public void Plonky3_multiplication_vector()
    {
        var a = BabyBear.FromCanonical(0x34167c58);
        var b = BabyBear.FromCanonical(0x61f3207b);
        Assert.Equal(0x1b5c8046u, (a * b).ToCanonical());
    }

    [Fact]
    public void Vector_mul_matches_scalar()
    {
        var rng = new Random(1);
        var n = 1000 + 13;
        var a = new BabyBear[n];
        var b = new BabyBear[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = BabyBear.FromUInt32((uint)rng.NextInt64(0, uint.MaxValue));
            b[i] = BabyBear.FromUInt32((uint)rng.NextInt64(0, uint.MaxValue));
        }

        a[0] = BabyBear.FromCanonical(BabyBear.Modulus - 1);
        b[0] = BabyBear.FromCanonical(BabyBear.Modulus - 1);
        var c = new BabyBear[n];
        BabyBearVector.Mul(a, b, c);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(a[i] * b[i], c[i]);
        }

        BabyBearVector.Add(a, b, c);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(a[i] + b[i], c[i]);
        }

        BabyBearVector.Sub(a, b, c);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(a[i] - b[i], c[i]);
        }
    }
}

public class BabyBear4SmokeTests
{
    [Fact]
    public void Inverse_and_mul_agree()
    {
        var rng = new Random(2);
        for (var i = 0; i < 1000; i++)
        {
            var a = BabyBear4.FromCanonical(R(rng), R(rng), R(rng), R(rng));
            Assert.Equal(BabyBear4.One, a * a.Inverse());
            var max = BabyBear.FromCanonical(BabyBear.Modulus - 1);
            var m = new BabyBear4(max, max, max, max);
            Assert.Equal(BabyBear4.One, m * m.Inverse());
        }
    }

    private static uint R(Random rng) => (uint)rng.NextInt64(0, BabyBear.Modulus);
}
