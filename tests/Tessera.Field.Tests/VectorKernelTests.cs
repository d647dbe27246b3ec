namespace Tessera.Field.Tests;

/// <summary>
/// Every span kernel against the scalar operators, at lengths around the 8- and 16-lane widths and
/// with the output aliased to an input. scripts/test.sh reruns this with AVX-512 and with all
/// intrinsics off, so each SIMD path is checked against the same scalar oracle.
/// </summary>
public class VectorKernelTests
{
    public static readonly TheoryData<int> Lengths = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1013];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Base_kernels_match_scalar(int n)
    {
        var rng = new Random(100 + n);
        var a = Oracle.RandomElements(rng, n);
        var b = Oracle.RandomElements(rng, n);
        var s = BabyBear.FromCanonical(Oracle.Random(rng));
        var dst = new BabyBear[n];

        BabyBearVector.Mul(a, b, dst);
        Assert.Equal(a.Zip(b, (x, y) => x * y), dst);
        BabyBearVector.Add(a, b, dst);
        Assert.Equal(a.Zip(b, (x, y) => x + y), dst);
        BabyBearVector.Sub(a, b, dst);
        Assert.Equal(a.Zip(b, (x, y) => x - y), dst);
        BabyBearVector.MulScalar(a, s, dst);
        Assert.Equal(a.Select(x => x * s), dst);
        BabyBearVector.Square(a, dst);
        Assert.Equal(a.Select(x => x.Square()), dst);

        var dot = BabyBear.Zero;
        for (var i = 0; i < n; i++)
        {
            dot += a[i] * b[i];
        }

        Assert.Equal(dot, BabyBearVector.Dot(a, b));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Base_kernels_allow_the_output_to_be_an_input(int n)
    {
        var rng = new Random(200 + n);
        var a = Oracle.RandomElements(rng, n);
        var b = Oracle.RandomElements(rng, n);
        var s = BabyBear.FromCanonical(Oracle.Random(rng));

        Check(d => BabyBearVector.Mul(d, b, d), (x, i) => x * b[i]);
        Check(d => BabyBearVector.Mul(b, d, d), (x, i) => b[i] * x);
        Check(d => BabyBearVector.Add(d, b, d), (x, i) => x + b[i]);
        Check(d => BabyBearVector.Sub(d, b, d), (x, i) => x - b[i]);
        Check(d => BabyBearVector.Sub(b, d, d), (x, i) => b[i] - x);
        Check(d => BabyBearVector.MulScalar(d, s, d), (x, _) => x * s);
        Check(d => BabyBearVector.Square(d, d), (x, _) => x * x);
        Check(d => BabyBearVector.Mul(d, d, d), (x, _) => x * x);

        void Check(Action<BabyBear[]> kernel, Func<BabyBear, int, BabyBear> scalar)
        {
            var d = (BabyBear[])a.Clone();
            kernel(d);
            Assert.Equal(a.Select(scalar), d);
        }
    }

    [Fact]
    public void Dot_survives_many_maximal_products()
    {
        // (p−1)² summed 100 000 times: exercises the lazy accumulators far past one 64-bit sum.
        const int N = 100_000;
        var a = Enumerable.Repeat(BabyBear.FromCanonical(Oracle.P - 1), N).ToArray();
        var expected = (uint)Oracle.Mod(new System.Numerics.BigInteger(N));
        Assert.Equal(expected, BabyBearVector.Dot(a, a).ToCanonical());
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Extension_kernels_match_scalar(int n)
    {
        var rng = new Random(300 + n);
        var a = Oracle.RandomExtension(rng, n);
        var b = Oracle.RandomExtension(rng, n);
        var c = Oracle.RandomElements(rng, n);
        var s = BabyBear4.FromCanonical(Oracle.Random(rng), Oracle.Random(rng), Oracle.Random(rng), Oracle.Random(rng));
        var dst = new BabyBear4[n];

        BabyBear4Vector.Mul(a, b, dst);
        Assert.Equal(a.Zip(b, (x, y) => x * y), dst);
        BabyBear4Vector.MulScalar(a, s, dst);
        Assert.Equal(a.Select(x => x * s), dst);
        BabyBear4Vector.MulBase(a, c, dst);
        Assert.Equal(a.Zip(c, (x, y) => x * y), dst);
        BabyBear4Vector.Add(a, b, dst);
        Assert.Equal(a.Zip(b, (x, y) => x + y), dst);
        BabyBear4Vector.Sub(a, b, dst);
        Assert.Equal(a.Zip(b, (x, y) => x - y), dst);
        a.CopyTo(dst, 0);
        BabyBear4Vector.SubScaledBase(dst, s, c);
        Assert.Equal(a.Zip(c, (x, y) => x - (s * y)), dst);

        var dot = BabyBear4.Zero;
        for (var i = 0; i < n; i++)
        {
            dot += a[i] * c[i];
        }

        Assert.Equal(dot, BabyBear4Vector.DotBase(a, c));
    }

    [Fact]
    public void Extension_dot_survives_many_maximal_products()
    {
        // (p−1)·(p−1, p−1, p−1, p−1) summed 100 000 times: every coordinate is N mod p.
        const int N = 100_000;
        var m = BabyBear.FromCanonical(Oracle.P - 1);
        var a = Enumerable.Repeat(new BabyBear4(m, m, m, m), N).ToArray();
        var b = Enumerable.Repeat(m, N).ToArray();
        var expected = BabyBear.FromCanonical((uint)Oracle.Mod(new System.Numerics.BigInteger(N)));
        Assert.Equal(new BabyBear4(expected, expected, expected, expected), BabyBear4Vector.DotBase(a, b));
    }

    [Fact]
    public void Extension_mul_matches_the_oracle_on_extreme_coefficients()
    {
        // All 81 elements with coefficients in {0, 1, p−1}, each times all others, through the span kernel.
        uint[] v = [0, 1, Oracle.P - 1];
        var all = (from c0 in v from c1 in v from c2 in v from c3 in v select BabyBear4.FromCanonical(c0, c1, c2, c3)).ToArray();
        var a = all.SelectMany(x => all.Select(_ => x)).ToArray();
        var b = all.SelectMany(_ => all).ToArray();
        var dst = new BabyBear4[a.Length];
        BabyBear4Vector.Mul(a, b, dst);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(Oracle.ExtMul(Oracle.Coeffs(a[i]), Oracle.Coeffs(b[i])), Oracle.Coeffs(dst[i]));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(33)]
    public void Extension_kernels_allow_the_output_to_be_an_input(int n)
    {
        var rng = new Random(400 + n);
        var a = Oracle.RandomExtension(rng, n);
        var b = Oracle.RandomExtension(rng, n);
        var c = Oracle.RandomElements(rng, n);
        var s = b[0];

        var d = (BabyBear4[])a.Clone();
        BabyBear4Vector.Mul(d, b, d);
        Assert.Equal(a.Zip(b, (x, y) => x * y), d);
        d = (BabyBear4[])a.Clone();
        BabyBear4Vector.Mul(d, d, d);
        Assert.Equal(a.Select(x => x * x), d);
        d = (BabyBear4[])a.Clone();
        BabyBear4Vector.MulScalar(d, s, d);
        Assert.Equal(a.Select(x => x * s), d);
        d = (BabyBear4[])a.Clone();
        BabyBear4Vector.MulBase(d, c, d);
        Assert.Equal(a.Zip(c, (x, y) => x * y), d);
        d = (BabyBear4[])a.Clone();
        BabyBear4Vector.Add(d, b, d);
        Assert.Equal(a.Zip(b, (x, y) => x + y), d);
    }

    [Fact]
    public void Kernels_reject_mismatched_lengths()
    {
        var a = new BabyBear[4];
        var b = new BabyBear[5];
        Assert.Throws<ArgumentException>(() => BabyBearVector.Mul(a, b, a));
        Assert.Throws<ArgumentException>(() => BabyBearVector.Add(a, a, b));
        Assert.Throws<ArgumentException>(() => BabyBearVector.Dot(a, b));
        Assert.Throws<ArgumentException>(() => BabyBearVector.MulScalar(a, BabyBear.One, b));
        var e = new BabyBear4[4];
        Assert.Throws<ArgumentException>(() => BabyBear4Vector.MulBase(e, b, e));
        Assert.Throws<ArgumentException>(() => BabyBear4Vector.DotBase(e, b));
        Assert.Throws<ArgumentException>(() => BabyBear4Vector.Mul(e, new BabyBear4[3], e));
    }
}
