using Tessera.Field;

namespace Tessera.Poly.Tests;

public class LdeTests
{
    /// <summary>Checks every (or the sampled) LDE row against Horner on the naive inverse DFT of the trace.</summary>
    private static void CheckAgainstHorner(RowMajorMatrix trace, RowMajorMatrix lde, int logBlowup, BabyBear shift, LdeOrder order, IEnumerable<int> rows, int[]? columns = null)
    {
        columns ??= Enumerable.Range(0, trace.Width).ToArray();
        var logN = System.Numerics.BitOperations.Log2((uint)trace.Height);
        var logBig = logN + logBlowup;
        var omega = BabyBear.TwoAdicGenerator(logBig);
        var coeffs = columns.Select(c => Oracle.InverseDft(trace.GetColumn(c))).ToArray();
        foreach (var row in rows)
        {
            var exponent = order == LdeOrder.Natural ? row : Oracle.Rev(row, logBig);
            var x = shift * omega.Pow((ulong)exponent);
            for (var i = 0; i < columns.Length; i++)
            {
                Assert.Equal(Oracle.Horner(coeffs[i], x), lde[row, columns[i]]);
            }
        }
    }

    [Theory]
    [InlineData(1, 0, 1, LdeOrder.BitReversed)]
    [InlineData(1, 3, 2, LdeOrder.Natural)]
    [InlineData(5, 4, 1, LdeOrder.BitReversed)]
    [InlineData(5, 4, 1, LdeOrder.Natural)]
    [InlineData(8, 5, 1, LdeOrder.BitReversed)]
    [InlineData(16, 6, 2, LdeOrder.BitReversed)]
    [InlineData(17, 6, 3, LdeOrder.Natural)]
    [InlineData(27, 5, 1, LdeOrder.Natural)]
    [InlineData(17, 7, 3, LdeOrder.BitReversed)]
    [InlineData(64, 5, 0, LdeOrder.BitReversed)]
    [InlineData(20, 6, 1, LdeOrder.BitReversed)] // 16 + 4 lanes: the 4-lane butterflies
    [InlineData(44, 5, 1, LdeOrder.BitReversed)] // 32 + 8 + 4: an 11-column extension aux trace
    [InlineData(28, 5, 2, LdeOrder.Natural)]
    public void Every_row_is_the_polynomial_evaluated_at_its_coset_point(int width, int logN, int logBlowup, LdeOrder order)
    {
        var rng = new Random((width * 100) + logN);
        var trace = Oracle.RandomMatrix(rng, width, 1 << logN);
        var lde = Lde.CosetExtend(trace, logBlowup, order);
        Assert.Equal(width, lde.Width);
        Assert.Equal(trace.Height << logBlowup, lde.Height);
        CheckAgainstHorner(trace, lde, logBlowup, BabyBear.Generator, order, Enumerable.Range(0, lde.Height));
    }

    [Theory]
    [InlineData(1, 0, 1, LdeOrder.BitReversed)]
    [InlineData(5, 4, 1, LdeOrder.Natural)]
    [InlineData(16, 6, 2, LdeOrder.BitReversed)]
    [InlineData(17, 7, 3, LdeOrder.Natural)]
    [InlineData(17, 7, 3, LdeOrder.BitReversed)]
    public void Lde_with_coefficients_returns_the_naive_inverse_dft_and_the_same_lde(int width, int logN, int logBlowup, LdeOrder order)
    {
        var rng = new Random((width * 31) + logN);
        var trace = Oracle.RandomMatrix(rng, width, 1 << logN);
        var shift = BabyBear.FromUInt32(7);
        var lde = Lde.CosetExtend(trace, logBlowup, shift, order, out var coeffs);
        Assert.Equal(Lde.CosetExtend(trace, logBlowup, shift, order).Values, lde.Values);
        Assert.Equal(width, coeffs.Width);
        Assert.Equal(trace.Height, coeffs.Height);
        for (var c = 0; c < width; c++)
        {
            Assert.Equal(Oracle.InverseDft(trace.GetColumn(c)), coeffs.GetColumn(c));
        }
    }

    [Theory]
    [InlineData(1, 0, 1, LdeOrder.BitReversed)]
    [InlineData(1, 3, 2, LdeOrder.Natural)]
    [InlineData(5, 4, 1, LdeOrder.BitReversed)]
    [InlineData(5, 4, 1, LdeOrder.Natural)]
    [InlineData(16, 6, 2, LdeOrder.BitReversed)]
    [InlineData(17, 6, 3, LdeOrder.Natural)]
    [InlineData(8, 5, 0, LdeOrder.BitReversed)]
    public void Lde_from_coefficients_is_horner_at_every_coset_point(int width, int logN, int logBlowup, LdeOrder order)
    {
        var rng = new Random((width * 77) + logN);
        var coeffs = Oracle.RandomMatrix(rng, width, 1 << logN);
        var shift = BabyBear.FromUInt32(11);
        var lde = Lde.CosetExtendCoefficients(coeffs, logBlowup, shift, order);
        Assert.Equal(width, lde.Width);
        Assert.Equal(coeffs.Height << logBlowup, lde.Height);
        var logBig = logN + logBlowup;
        var omega = BabyBear.TwoAdicGenerator(logBig);
        for (var row = 0; row < lde.Height; row++)
        {
            var x = shift * omega.Pow((ulong)(order == LdeOrder.Natural ? row : Oracle.Rev(row, logBig)));
            for (var c = 0; c < width; c++)
            {
                Assert.Equal(Oracle.Horner(coeffs.GetColumn(c), x), lde[row, c]);
            }
        }
    }

    [Fact]
    public void Lde_from_coefficients_rejects_a_zero_shift_and_a_bad_height()
    {
        Assert.Throws<ArgumentException>(() => Lde.CosetExtendCoefficients(new RowMajorMatrix(2, 8), 1, BabyBear.Zero, LdeOrder.BitReversed));
        Assert.Throws<ArgumentException>(() => Lde.CosetExtendCoefficients(new RowMajorMatrix(2, 6), 1, BabyBear.Generator, LdeOrder.BitReversed));
    }

    [Theory]
    [InlineData(LdeOrder.BitReversed)]
    [InlineData(LdeOrder.Natural)]
    public void Large_lde_takes_several_passes_and_agrees_at_sampled_rows(LdeOrder order)
    {
        // 64 columns × 2^11 rows at blowup 2: two passes per NTT (the strided one through scratch).
        var rng = new Random(13);
        var trace = Oracle.RandomMatrix(rng, 64, 1 << 11);
        var lde = Lde.CosetExtend(trace, 1, order);
        var rows = new[] { 0, 1, 2, 3, 2047, 2048, 2049, 4095 }.Concat(Enumerable.Range(0, 6).Select(_ => rng.Next(4096)));
        CheckAgainstHorner(trace, lde, 1, BabyBear.Generator, order, rows, [0, 17, 63]);
    }

    [Fact]
    public void Bit_reversed_order_is_the_natural_order_permuted()
    {
        var rng = new Random(14);
        var trace = Oracle.RandomMatrix(rng, 20, 1 << 9);
        var natural = Lde.CosetExtend(trace, 2, LdeOrder.Natural);
        var reversed = Lde.CosetExtend(trace, 2, LdeOrder.BitReversed);
        BitReversal.PermuteRows(natural);
        Assert.Equal(natural.Values, reversed.Values);
    }

    [Fact]
    public void Custom_shift_and_destination_reuse()
    {
        var rng = new Random(15);
        var trace = Oracle.RandomMatrix(rng, 3, 16);
        var shift = BabyBear.FromCanonical(7);
        var dst = new RowMajorMatrix(3, 64);
        Lde.CosetExtendInto(trace, 2, shift, LdeOrder.BitReversed, dst);
        CheckAgainstHorner(trace, dst, 2, shift, LdeOrder.BitReversed, Enumerable.Range(0, 64));
    }

    [Theory]
    [InlineData(LdeOrder.BitReversed)]
    [InlineData(LdeOrder.Natural)]
    public void Destination_reuse_with_coefficients_matches_the_allocating_form(LdeOrder order)
    {
        var rng = new Random(17);
        var trace = Oracle.RandomMatrix(rng, 5, 64);
        var shift = BabyBear.FromCanonical(11);
        var expected = Lde.CosetExtend(trace, 1, shift, order, out var expectedCoeffs);

        // Dirty buffers, as a pool hands them out: every cell must be overwritten.
        var dst = new RowMajorMatrix(Enumerable.Repeat(BabyBear.FromCanonical(3), 5 * 128).ToArray(), 5);
        var coeffs = new RowMajorMatrix(Enumerable.Repeat(BabyBear.FromCanonical(4), 5 * 64).ToArray(), 5);
        Lde.CosetExtendInto(trace, 1, shift, order, dst, coeffs);
        Assert.Equal(expected.Values, dst.Values);
        Assert.Equal(expectedCoeffs.Values, coeffs.Values);
        Assert.Throws<ArgumentException>(() => Lde.CosetExtendInto(trace, 1, shift, order, dst, new RowMajorMatrix(5, 32)));
    }

    [Fact]
    public void Low_degree_trace_extends_to_a_low_degree_lde()
    {
        // A trace of a degree-3 polynomial: its LDE on 4× the points must still have degree 3.
        var n = 32;
        var f = new[] { BabyBear.FromCanonical(5), BabyBear.FromCanonical(1), BabyBear.Zero, BabyBear.FromCanonical(9) };
        var g = BabyBear.TwoAdicGenerator(5);
        var trace = new RowMajorMatrix(1, n);
        for (var i = 0; i < n; i++)
        {
            trace[i, 0] = Oracle.Horner(f, g.Pow((ulong)i));
        }

        var lde = Lde.CosetExtend(trace, 2, LdeOrder.Natural);
        var shift = BabyBear.Generator;
        var lde0 = lde.GetColumn(0);
        var omega = BabyBear.TwoAdicGenerator(7);
        // Undo the coset shift: coefficients of f(shift·x) over the big subgroup are f_j·shift^j.
        var c = Oracle.InverseDft(lde0);
        var s = BabyBear.One;
        for (var j = 0; j < c.Length; j++)
        {
            Assert.Equal(j < f.Length ? f[j] * s : BabyBear.Zero, c[j]);
            s *= shift;
        }

        Assert.Equal(Oracle.Horner(f, shift * omega), lde0[1]);
    }

    [Fact]
    public void Single_thread_and_parallel_agree()
    {
        var rng = new Random(16);
        var trace = Oracle.RandomMatrix(rng, 40, 1 << 12);
        var a = Lde.CosetExtend(trace, 1, LdeOrder.BitReversed, maxDegreeOfParallelism: 1);
        var b = Lde.CosetExtend(trace, 1, LdeOrder.BitReversed);
        Assert.Equal(a.Values, b.Values);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Lde.CosetExtend(new RowMajorMatrix(2, 12), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lde.CosetExtend(new RowMajorMatrix(1, 1 << 20), 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Lde.CosetExtend(new RowMajorMatrix(1, 4), -1));
        Assert.Throws<ArgumentException>(() => Lde.CosetExtend(new RowMajorMatrix(1, 4), 1, BabyBear.Zero, LdeOrder.Natural));
        Assert.Throws<ArgumentException>(() => Lde.CosetExtendInto(new RowMajorMatrix(2, 4), 1, BabyBear.Generator, LdeOrder.Natural, new RowMajorMatrix(2, 4)));
    }
}
