using Tessera.Field;
using Tessera.Poly;

namespace Tessera.Stark.Pcs;

/// <summary>
/// Evaluates every column of a coefficient matrix at a few extension points at once. The points'
/// powers are split into their four base coordinates so each (column, point, coordinate) is one
/// lazily reduced SIMD dot product instead of a scalar extension-by-base multiply per cell.
/// </summary>
internal static class PointEvaluation
{
    // Columns transposed per task and rows per transposed chunk: the chunk (16 × 4096 cells)
    // stays in L2 while every point and coordinate reads it.
    private const int ColumnBlock = 16;
    private const int RowChunk = 4096;

    /// <summary>x^i for i &lt; count, as four coordinate arrays.</summary>
    public static BabyBear[][] Powers(BabyBear4 x, int count)
    {
        var p = new BabyBear[4][];
        for (var k = 0; k < 4; k++)
        {
            p[k] = new BabyBear[count];
        }

        var acc = BabyBear4.One;
        for (var i = 0; i < count; i++)
        {
            p[0][i] = acc.C0;
            p[1][i] = acc.C1;
            p[2][i] = acc.C2;
            p[3][i] = acc.C3;
            acc *= x;
        }

        return p;
    }

    /// <summary>
    /// result[p][c] = Σ_i powers[p](i)·coefficients[i][c], for points given by
    /// <see cref="Powers"/> with at least <c>coefficients.Height</c> entries.
    /// </summary>
    public static BabyBear4[][] Evaluate(RowMajorMatrix coefficients, params BabyBear[][][] powers)
    {
        var w = coefficients.Width;
        var n = coefficients.Height;
        var sums = new BabyBear[powers.Length * 4 * w];
        Parallel.For(0, (w + ColumnBlock - 1) / ColumnBlock, blk =>
        {
            var c0 = blk * ColumnBlock;
            var cw = Math.Min(ColumnBlock, w - c0);
            var chunk = Math.Min(RowChunk, n);
            var buf = new BabyBear[cw * chunk];
            var values = coefficients.Values;
            for (var r0 = 0; r0 < n; r0 += chunk)
            {
                var rows = Math.Min(chunk, n - r0);
                for (var r = 0; r < rows; r++)
                {
                    var src = values.AsSpan(((r0 + r) * w) + c0, cw);
                    for (var c = 0; c < cw; c++)
                    {
                        buf[(c * chunk) + r] = src[c];
                    }
                }

                for (var c = 0; c < cw; c++)
                {
                    var col = buf.AsSpan(c * chunk, rows);
                    for (var p = 0; p < powers.Length; p++)
                    {
                        for (var k = 0; k < 4; k++)
                        {
                            sums[(((p * 4) + k) * w) + c0 + c] += BabyBearVector.Dot(powers[p][k].AsSpan(r0, rows), col);
                        }
                    }
                }
            }
        });

        var result = new BabyBear4[powers.Length][];
        for (var p = 0; p < powers.Length; p++)
        {
            result[p] = new BabyBear4[w];
            for (var c = 0; c < w; c++)
            {
                result[p][c] = new BabyBear4(sums[(((p * 4) + 0) * w) + c], sums[(((p * 4) + 1) * w) + c],
                    sums[(((p * 4) + 2) * w) + c], sums[(((p * 4) + 3) * w) + c]);
            }
        }

        return result;
    }
}
