using Tessera.Field;
using Tessera.Poly;
using Tessera.Stark.Pcs;

namespace Tessera.Stark.Tests;

public sealed class BarycentricTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(4, 2)]
    [InlineData(11, 1)]
    [InlineData(12, 2)]
    public void Opening_from_the_lde_matches_horner_on_the_interpolated_coefficients(int logN, int logBlowup)
    {
        var rng = new Random((logN * 7) + logBlowup);
        var n = 1 << logN;
        var shift = BabyBear.Generator * TestRandom.Base(rng);
        int[] widths = [1, 37, 0, 128, 5];
        var traces = widths.Select(w => w == 0 ? null
            : new RowMajorMatrix([.. Enumerable.Range(0, w * n).Select(_ => TestRandom.Base(rng))], w)).ToArray();
        var ldes = traces.Select(t => t is null ? null : Lde.CosetExtend(t, logBlowup, shift, LdeOrder.BitReversed)).ToArray();
        var z = TestRandom.Ext(rng);
        BabyBear4[] points = [z, z * BabyBear.TwoAdicGenerator(logN), TestRandom.Ext(rng)];

        var opened = Barycentric.Evaluate(ldes, logN, shift, points);

        for (var m = 0; m < traces.Length; m++)
        {
            Assert.Equal(points.Length, opened[m].Length);
            for (var p = 0; p < points.Length; p++)
            {
                Assert.Equal(widths[m], opened[m][p].Length);
                for (var c = 0; c < widths[m]; c++)
                {
                    Assert.Equal(Horner(Column(traces[m]!, c), points[p]), opened[m][p][c]);
                }
            }
        }
    }

    [Fact]
    public void Opening_with_the_wrong_shift_differs()
    {
        var rng = new Random(5);
        const int logN = 6;
        var trace = new RowMajorMatrix([.. Enumerable.Range(0, 3 << logN).Select(_ => TestRandom.Base(rng))], 3);
        var lde = Lde.CosetExtend(trace, 1, BabyBear.Generator, LdeOrder.BitReversed);
        var z = TestRandom.Ext(rng);
        var right = Barycentric.Evaluate([lde], logN, BabyBear.Generator, z)[0][0];
        var wrong = Barycentric.Evaluate([lde], logN, BabyBear.Generator * BabyBear.Generator, z)[0][0];
        Assert.Equal(Horner(Column(trace, 1), z), right[1]);
        Assert.NotEqual(right[1], wrong[1]);
    }

    private static BabyBear[] Column(RowMajorMatrix trace, int c) => [.. Enumerable.Range(0, trace.Height).Select(r => trace[r, c])];

    /// <summary>The interpolant over H (inverse NTT of the natural-order column) at x.</summary>
    private static BabyBear4 Horner(BabyBear[] evaluations, BabyBear4 x)
    {
        var coeffs = (BabyBear[])evaluations.Clone();
        Ntt.Inverse(coeffs);
        BabyBear4 acc = default;
        for (var i = coeffs.Length - 1; i >= 0; i--)
        {
            acc = (acc * x) + coeffs[i];
        }

        return acc;
    }
}
