using System.Numerics;

namespace Tessera.Field.Tests;

/// <summary>The quartic extension F[X]/(X^4 − 11) against BigInteger polynomial arithmetic.</summary>
public class BabyBear4Tests
{
    private static readonly BabyBear4 X = BabyBear4.FromCanonical(0, 1, 0, 0);

    [Fact]
    public void X_to_the_fourth_is_eleven()
    {
        Assert.Equal(BabyBear4.FromCanonical(11, 0, 0, 0), X * X * X * X);
        Assert.Equal(BabyBear4.FromCanonical(11, 0, 0, 0), X.Pow(4));
        Assert.Equal(11u, BabyBear4.W);
    }

    [Fact]
    public void Multiplication_matches_the_polynomial_oracle()
    {
        var rng = new Random(21);
        var samples = Oracle.RandomExtension(rng, 2000).ToList();
        foreach (var e in Oracle.Edges)
        {
            samples.Add(BabyBear4.FromCanonical(e, Oracle.P - 1 - e, e, e));
        }

        for (var i = 0; i + 1 < samples.Count; i++)
        {
            var a = samples[i];
            var b = samples[^(i + 1)];
            Assert.Equal(Oracle.ExtMul(Oracle.Coeffs(a), Oracle.Coeffs(b)), Oracle.Coeffs(a * b));
        }
    }

    [Fact]
    public void Multiplication_matches_the_oracle_on_all_extreme_coefficients()
    {
        // Every coefficient in {0, 1, p−1}: all carries of the lazy reduction at their largest.
        uint[] v = [0, 1, Oracle.P - 1];
        var all = new List<BabyBear4>();
        foreach (var c0 in v)
        {
            foreach (var c1 in v)
            {
                foreach (var c2 in v)
                {
                    foreach (var c3 in v)
                    {
                        all.Add(BabyBear4.FromCanonical(c0, c1, c2, c3));
                    }
                }
            }
        }

        foreach (var a in all)
        {
            foreach (var b in all)
            {
                Assert.Equal(Oracle.ExtMul(Oracle.Coeffs(a), Oracle.Coeffs(b)), Oracle.Coeffs(a * b));
            }
        }
    }

    [Fact]
    public void Additive_operations_are_coefficient_wise()
    {
        var rng = new Random(22);
        var xs = Oracle.RandomExtension(rng, 200);
        for (var i = 0; i + 1 < xs.Length; i++)
        {
            var a = Oracle.Coeffs(xs[i]);
            var b = Oracle.Coeffs(xs[i + 1]);
            Assert.Equal(a.Zip(b, (x, y) => Oracle.Mod(x + y)), Oracle.Coeffs(xs[i] + xs[i + 1]));
            Assert.Equal(a.Zip(b, (x, y) => Oracle.Mod(x - y)), Oracle.Coeffs(xs[i] - xs[i + 1]));
            Assert.Equal(a.Select(x => Oracle.Mod(-x)), Oracle.Coeffs(-xs[i]));
        }
    }

    [Fact]
    public void Base_field_operands_act_on_coefficients()
    {
        var rng = new Random(23);
        var xs = Oracle.RandomExtension(rng, 100);
        foreach (var x in xs)
        {
            var s = BabyBear.FromCanonical(Oracle.Random(rng));
            BigInteger sb = s.ToCanonical();
            var c = Oracle.Coeffs(x);
            Assert.Equal(c.Select(v => Oracle.Mod(v * sb)), Oracle.Coeffs(x * s));
            Assert.Equal(x * s, s * x);
            Assert.Equal(x * new BabyBear4(s), x * s);
            Assert.Equal(Oracle.Mod(c[0] + sb), Oracle.Coeffs(x + s)[0]);
            Assert.Equal(Oracle.Mod(c[0] - sb), Oracle.Coeffs(x - s)[0]);
            Assert.Equal(c[1..], Oracle.Coeffs(x + s)[1..]);
        }
    }

    [Fact]
    public void Ring_laws_hold()
    {
        var rng = new Random(24);
        var xs = Oracle.RandomExtension(rng, 300);
        for (var i = 0; i + 2 < xs.Length; i++)
        {
            BabyBear4 a = xs[i], b = xs[i + 1], c = xs[i + 2];
            Assert.Equal(a * (b + c), (a * b) + (a * c));
            Assert.Equal((a * b) * c, a * (b * c));
            Assert.Equal(a * b, b * a);
            Assert.Equal(a * a, a.Square());
            Assert.Equal(a, a * BabyBear4.One);
            Assert.Equal(BabyBear4.Zero, a * BabyBear4.Zero);
        }
    }

    [Fact]
    public void Inverse_is_the_multiplicative_inverse()
    {
        var rng = new Random(25);
        var xs = Oracle.RandomExtension(rng, 500).ToList();
        xs.Add(X);
        xs.Add(BabyBear4.One);
        xs.Add(BabyBear4.FromCanonical(0, 0, 0, 1));
        xs.Add(BabyBear4.FromCanonical(Oracle.P - 1, 0, 0, 0));
        foreach (var a in xs)
        {
            var inv = a.Inverse();
            Assert.Equal(BabyBear4.One, a * inv);
            Assert.Equal(a, inv.Inverse());
        }
    }

    [Fact]
    public void Inverse_agrees_with_the_power_p4_minus_2()
    {
        // The unit group has order p^4 − 1, so a^(p^4 − 2) is the inverse; checked by BigInteger exponent bits.
        var rng = new Random(26);
        var e = BigInteger.Pow(Oracle.P, 4) - 2;
        foreach (var a in Oracle.RandomExtension(rng, 5))
        {
            var r = BabyBear4.One;
            for (var bit = (int)e.GetBitLength() - 1; bit >= 0; bit--)
            {
                r = r.Square();
                if (!(e >> bit).IsEven)
                {
                    r *= a;
                }
            }

            Assert.Equal(r, a.Inverse());
        }
    }

    [Fact]
    public void Inverse_of_zero_throws()
    {
        Assert.Throws<DivideByZeroException>(() => BabyBear4.Zero.Inverse());
    }

    [Fact]
    public void Pow_matches_repeated_multiplication()
    {
        var rng = new Random(27);
        foreach (var a in Oracle.RandomExtension(rng, 10))
        {
            var r = BabyBear4.One;
            for (ulong e = 0; e < 40; e++)
            {
                Assert.Equal(r, a.Pow(e));
                r *= a;
            }
        }
    }

    [Fact]
    public void Frobenius_fixes_exactly_the_base_field()
    {
        // x^p = x holds for base elements only: an independent check that X^4 − 11 is irreducible
        // enough for the extension not to collapse.
        var rng = new Random(28);
        var b = new BabyBear4(BabyBear.FromCanonical(Oracle.Random(rng)));
        Assert.Equal(b, b.Pow(Oracle.P));
        Assert.NotEqual(X, X.Pow(Oracle.P));
        Assert.NotEqual(X * X, (X * X).Pow(Oracle.P));
        Assert.Equal(X, X.Pow((ulong)Oracle.P * Oracle.P).Pow((ulong)Oracle.P * Oracle.P));
    }

    [Fact]
    public void Accessors_and_predicates()
    {
        var a = BabyBear4.FromCanonical(1, 2, 3, 4);
        Assert.Equal([1u, 2u, 3u, 4u], Enumerable.Range(0, 4).Select(i => a[i].ToCanonical()));
        Assert.Throws<ArgumentOutOfRangeException>(() => a[4]);
        Assert.False(a.IsBase);
        Assert.True(new BabyBear4(BabyBear.FromCanonical(5)).IsBase);
        Assert.True(BabyBear4.Zero.IsZero);
        Assert.False(BabyBear4.One.IsZero);
        Assert.Equal("[1, 2, 3, 4]", a.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => BabyBear4.FromCanonical(0, 0, 0, Oracle.P));
    }
}
