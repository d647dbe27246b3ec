using Tessera.Field;

namespace Tessera.Poly.Tests;

public class NttTests
{
    [Fact]
    public void Forward_matches_naive_dft_for_every_size_up_to_2_pow_10()
    {
        var rng = new Random(1);
        for (var log = 0; log <= 10; log++)
        {
            var a = Oracle.Random(rng, 1 << log);
            var expected = Oracle.ForwardDft(a);
            Ntt.Forward(a);
            Assert.Equal(expected, a);
        }
    }

    [Fact]
    public void Inverse_matches_naive_inverse_dft_for_every_size_up_to_2_pow_10()
    {
        var rng = new Random(2);
        for (var log = 0; log <= 10; log++)
        {
            var a = Oracle.Random(rng, 1 << log);
            var expected = Oracle.InverseDft(a);
            Ntt.Inverse(a);
            Assert.Equal(expected, a);
        }
    }

    [Fact]
    public void Known_small_transform()
    {
        // f(x) = 1 + 2x on {1, −1}: f(1) = 3, f(−1) = −1.
        var a = new[] { BabyBear.FromCanonical(1), BabyBear.FromCanonical(2) };
        Ntt.Forward(a);
        Assert.Equal(3u, a[0].ToCanonical());
        Assert.Equal(BabyBear.Modulus - 1, a[1].ToCanonical());
    }

    [Theory]
    [InlineData(12)]
    [InlineData(16)]
    [InlineData(17)]
    public void Large_forward_agrees_with_horner_at_sampled_points(int log)
    {
        var rng = new Random(log);
        var c = Oracle.Random(rng, 1 << log);
        var a = (BabyBear[])c.Clone();
        Ntt.Forward(a);
        var g = BabyBear.TwoAdicGenerator(log);
        foreach (var i in new[] { 0, 1, 2, 3, 15, 16, 17, (1 << log) - 1, rng.Next(1 << log), rng.Next(1 << log) })
        {
            Assert.Equal(Oracle.Horner(c, g.Pow((ulong)i)), a[i]);
        }
    }

    [Fact]
    public void Inverse_undoes_forward_up_to_2_pow_16()
    {
        var rng = new Random(3);
        for (var log = 0; log <= 16; log++)
        {
            var a = Oracle.Random(rng, 1 << log);
            var b = (BabyBear[])a.Clone();
            Ntt.Forward(b);
            if (log >= 2)
            {
                Assert.NotEqual(a, b);
            }

            Ntt.Inverse(b);
            Assert.Equal(a, b);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(16)]
    public void Bit_reversed_variants_are_forward_without_the_permutation(int log)
    {
        var rng = new Random(4);
        var a = Oracle.Random(rng, 1 << log);
        var natural = (BabyBear[])a.Clone();
        Ntt.Forward(natural);
        var reversed = (BabyBear[])a.Clone();
        Ntt.ForwardToBitReversed(reversed);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.Equal(natural[Oracle.Rev(i, log)], reversed[i]);
        }

        Ntt.InverseFromBitReversed(reversed);
        Assert.Equal(a, reversed);
    }

    [Fact]
    public void Forward_is_linear()
    {
        var rng = new Random(5);
        var x = Oracle.Random(rng, 1 << 11);
        var y = Oracle.Random(rng, 1 << 11);
        var k = BabyBear.FromCanonical(123456789);
        var combo = new BabyBear[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            combo[i] = (k * x[i]) + y[i];
        }

        Ntt.Forward(x);
        Ntt.Forward(y);
        Ntt.Forward(combo);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal((k * x[i]) + y[i], combo[i]);
        }
    }

    [Fact]
    public void Single_thread_and_parallel_agree()
    {
        var rng = new Random(6);
        var a = Oracle.Random(rng, 1 << 17);
        var b = (BabyBear[])a.Clone();
        Ntt.Forward(a, maxDegreeOfParallelism: 1);
        Ntt.Forward(b);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(100)]
    public void Non_power_of_two_sizes_are_rejected(int n)
    {
        Assert.Throws<ArgumentException>(() => Ntt.Forward(new BabyBear[n]));
        Assert.Throws<ArgumentException>(() => Ntt.Inverse(new BabyBear[n]));
    }

    [Fact]
    public void Matrix_height_must_be_a_power_of_two() =>
        Assert.Throws<ArgumentException>(() => Ntt.Forward(new RowMajorMatrix(4, 6)));
}
