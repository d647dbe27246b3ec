using Tessera.Field;

namespace Tessera.Poly.Tests;

public class BitReversalTests
{
    [Fact]
    public void Permute_moves_each_element_to_its_reversed_index_and_is_an_involution()
    {
        var rng = new Random(11);
        foreach (var log in new[] { 0, 1, 2, 3, 7, 8, 9, 12, 16 })
        {
            var a = Oracle.Random(rng, 1 << log);
            var b = (BabyBear[])a.Clone();
            BitReversal.Permute(b);
            for (var i = 0; i < a.Length; i++)
            {
                Assert.Equal(a[Oracle.Rev(i, log)], b[i]);
            }

            BitReversal.Permute(b);
            Assert.Equal(a, b);
        }
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(3, 5)]
    [InlineData(64, 10)]
    public void Permute_rows_moves_whole_rows(int width, int log)
    {
        var rng = new Random(12);
        var m = Oracle.RandomMatrix(rng, width, 1 << log);
        var copy = m.Clone();
        BitReversal.PermuteRows(m);
        for (var r = 0; r < m.Height; r++)
        {
            Assert.Equal(copy.Row(Oracle.Rev(r, log)).ToArray(), m.Row(r).ToArray());
        }

        BitReversal.PermuteRows(m);
        Assert.Equal(copy.Values, m.Values);
    }

    [Fact]
    public void Reverse_of_known_values()
    {
        Assert.Equal(0b0011, BitReversal.Reverse(0b1100, 4));
        Assert.Equal(1 << 26, BitReversal.Reverse(1, 27));
        Assert.Equal(0, BitReversal.Reverse(5, 0));
    }

    [Fact]
    public void Non_power_of_two_is_rejected() =>
        Assert.Throws<ArgumentException>(() => BitReversal.Permute(new BabyBear[6]));
}
