using System.Buffers;

using Tessera.Field;
using Tessera.Poly;

namespace Tessera.Stark.Pcs;

/// <summary>
/// Evaluates committed columns at out-of-domain points straight from their bit-reversed LDE,
/// without keeping coefficients. Rows [0, n) of the LDE are the coset s·H (|H| = n) in
/// bit-reversed order, and a column f of degree &lt; n satisfies
/// f(z) = (z^n/s^n − 1)/n · Σ_i f(x_i)·x_i/(z − x_i).
/// </summary>
internal static class Barycentric
{
    // Rows per work item: its weights (one extension element per row and point) stay in L1/L2.
    private const int BlockRows = 1024;

    // Columns transposed at a time, and padding that keeps the transposed columns out of each other's cache sets.
    private const int ColumnTile = 32;
    private const int Pad = 16;

    /// <summary>
    /// result[matrix][point][column] = the column's polynomial at the point, for LDEs of 2^logN-row
    /// columns over the coset <paramref name="shift"/>·H' (null matrices give empty results).
    /// </summary>
    public static BabyBear4[][][] Evaluate(IReadOnlyList<RowMajorMatrix?> ldes, int logN, BabyBear shift, params BabyBear4[] points)
    {
        var n = 1 << logN;
        var offsets = new int[ldes.Count + 1];
        for (var m = 0; m < ldes.Count; m++)
        {
            offsets[m + 1] = offsets[m] + (ldes[m]?.Width ?? 0);
        }

        var total = offsets[^1];
        var pc = points.Length;
        var sums = new BabyBear[pc * 4 * total];
        var block = Math.Min(n, BlockRows);
        var blocks = n / block;
        var logBlock = int.Log2(block);
        var omegaN = BabyBear.TwoAdicGenerator(logN);

        // Row s + j (s a multiple of the block) is x = shift·ω_n^reverse(s) · ω_B^reverse_B(j).
        var twiddles = new BabyBear[block];
        var omegaB = BabyBear.TwoAdicGenerator(logBlock);
        for (var j = 0; j < block; j++)
        {
            twiddles[j] = omegaB.Pow((ulong)BitReversal.Reverse(j, logBlock));
        }

        var next = -1;
        var gate = new object();
        Parallel.For(0, Math.Min(Environment.ProcessorCount, blocks), _ =>
        {
            // Scratch from the shared pools: per-call arrays here were large-object garbage at every proof.
            var acc = ArrayPool<BabyBear>.Shared.Rent(sums.Length);
            Array.Clear(acc);
            var xs = ArrayPool<BabyBear>.Shared.Rent(block);
            var diffArray = ArrayPool<BabyBear4>.Shared.Rent(block);
            var invArray = ArrayPool<BabyBear4>.Shared.Rent(block);
            var diff = diffArray.AsSpan(0, block);
            var inv = invArray.AsSpan(0, block);
            var weights = ArrayPool<BabyBear>.Shared.Rent(pc * 4 * block);
            var columns = ArrayPool<BabyBear>.Shared.Rent(ColumnTile * (block + Pad));
            int blk;
            while ((blk = Interlocked.Increment(ref next)) < blocks)
            {
                var s = blk * block;
                var b = shift * omegaN.Pow((ulong)BitReversal.Reverse(s, logN));
                for (var j = 0; j < block; j++)
                {
                    xs[j] = b * twiddles[j];
                }

                for (var p = 0; p < pc; p++)
                {
                    for (var j = 0; j < block; j++)
                    {
                        diff[j] = points[p] - xs[j];
                    }

                    BatchInversion.Invert(diff, inv);
                    for (var j = 0; j < block; j++)
                    {
                        var w = inv[j] * xs[j];
                        for (var k = 0; k < 4; k++)
                        {
                            weights[(((p * 4) + k) * block) + j] = w[k];
                        }
                    }
                }

                for (var m = 0; m < ldes.Count; m++)
                {
                    if (ldes[m] is { } lde)
                    {
                        Accumulate(lde, s, block, pc, weights, columns, acc, offsets[m], total);
                    }
                }
            }

            lock (gate)
            {
                for (var i = 0; i < sums.Length; i++)
                {
                    sums[i] += acc[i];
                }
            }

            ArrayPool<BabyBear>.Shared.Return(acc);
            ArrayPool<BabyBear>.Shared.Return(xs);
            ArrayPool<BabyBear4>.Shared.Return(diffArray);
            ArrayPool<BabyBear4>.Shared.Return(invArray);
            ArrayPool<BabyBear>.Shared.Return(weights);
            ArrayPool<BabyBear>.Shared.Return(columns);
        });

        // One prefactor for every point: (ζ·g)^n = ζ^n.
        var result = new BabyBear4[ldes.Count][][];
        var nInv = BabyBear.FromUInt32((uint)n).Inverse();
        var shiftNInv = shift.Pow((ulong)n).Inverse();
        for (var m = 0; m < ldes.Count; m++)
        {
            var width = offsets[m + 1] - offsets[m];
            result[m] = new BabyBear4[pc][];
            for (var p = 0; p < pc; p++)
            {
                var factor = ((Power(points[p], n) * shiftNInv) - BabyBear.One) * nInv;
                result[m][p] = new BabyBear4[width];
                for (var c = 0; c < width; c++)
                {
                    var at = (p * 4 * total) + offsets[m] + c;
                    var sum = new BabyBear4(sums[at], sums[at + total], sums[at + (2 * total)], sums[at + (3 * total)]);
                    result[m][p][c] = sum * factor;
                }
            }
        }

        return result;
    }

    private static BabyBear4 Power(BabyBear4 x, int n)
    {
        for (var i = 1; i < n; i <<= 1)
        {
            x *= x;
        }

        return x;
    }

    /// <summary>
    /// acc[(p·4 + k)·total + offset + c] += Σ_j w_j[p][k]·f_c(x_j) over the block's rows: a tile of
    /// columns is transposed into scratch, then each (column, point, coordinate) is one lazily reduced
    /// SIMD dot product (a Montgomery multiply-add per cell cost several times more).
    /// </summary>
    private static void Accumulate(RowMajorMatrix lde, int start, int rows, int pc, BabyBear[] weights, BabyBear[] columns,
        BabyBear[] acc, int offset, int total)
    {
        var w = lde.Width;
        var stride = rows + Pad;
        var values = lde.Values;
        for (var c0 = 0; c0 < w; c0 += ColumnTile)
        {
            var cw = Math.Min(ColumnTile, w - c0);
            for (var j = 0; j < rows; j++)
            {
                var row = values.AsSpan(((start + j) * w) + c0, cw);
                for (var c = 0; c < row.Length; c++)
                {
                    columns[(c * stride) + j] = row[c];
                }
            }

            for (var c = 0; c < cw; c++)
            {
                var col = columns.AsSpan(c * stride, rows);
                for (var pk = 0; pk < 4 * pc; pk++)
                {
                    acc[(pk * total) + offset + c0 + c] += BabyBearVector.Dot(weights.AsSpan(pk * rows, rows), col);
                }
            }
        }
    }
}
