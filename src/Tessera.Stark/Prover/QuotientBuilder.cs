using Tessera.Field;
using Tessera.Poly;
using Tessera.Stark.Air;
using Tessera.Stark.Pcs;

namespace Tessera.Stark.Prover;

/// <summary>
/// Computes a table's quotient Q = Σ_r γ^r·C_r / Z_H on its quotient domain (the first
/// n·2^q rows of the bit-reversed LDE are exactly that coset), interpolates it and splits it
/// into chunks of degree &lt; n, returned as coefficient planes (4 per chunk).
/// </summary>
internal static class QuotientBuilder
{
    public static RowMajorMatrix Build(CompiledAir table, int logHeight, BabyBear shift, CommittedTable? pre,
        CommittedTable main, CommittedTable? aux, BabyBear[] publics, BabyBear4[] challenges, BabyBear4 cumulativeSum,
        BabyBear4 gamma)
    {
        var n = 1 << logHeight;
        var qf = table.LogQuotientFactor;
        var m = n << qf;
        var logM = logHeight + qf;
        var inputs = new QuotientInputs
        {
            Rows = m,
            NextShift = 1 << qf,
            Main = Columns(main.Lde, m, logM),
            Preprocessed = pre is null ? [] : Columns(pre.Lde, m, logM),
            Aux = aux is null ? [] : Columns(aux.Lde, m, logM),
            IsFirstRow = new BabyBear[m],
            IsLastRow = new BabyBear[m],
            IsTransition = new BabyBear[m],
            Publics = publics,
            Challenges = challenges,
            CumulativeSum = cumulativeSum,
            ConstraintWeights = [.. Pcs.Coset.Powers(gamma, table.Constraints.Count)],
        };

        // Selectors at x_i = shift·ω_M^i; Z_H(x_i) = shift^n·ω_{2^q}^i − 1 repeats with period 2^q.
        var omega = BabyBear.TwoAdicGenerator(logM);
        var gInv = BabyBear.TwoAdicGenerator(logHeight).Inverse();
        var nField = BabyBear.FromUInt32((uint)n);
        var xs = new BabyBear[m];
        var x = shift;
        for (var i = 0; i < m; i++)
        {
            xs[i] = x;
            x *= omega;
        }

        var zh = new BabyBear[1 << qf];
        var shiftN = shift.Pow((ulong)n);
        var w = BabyBear.TwoAdicGenerator(qf);
        var wi = BabyBear.One;
        for (var i = 0; i < zh.Length; i++)
        {
            zh[i] = (shiftN * wi) - BabyBear.One;
            wi *= w;
        }

        var d1 = new BabyBear[m];
        var d2 = new BabyBear[m];
        for (var i = 0; i < m; i++)
        {
            d1[i] = nField * (xs[i] - BabyBear.One);
            d2[i] = nField * (xs[i] - gInv);
        }

        BaseBatch.Inverse(d1);
        BaseBatch.Inverse(d2);
        for (var i = 0; i < m; i++)
        {
            var z = zh[i & (zh.Length - 1)];
            inputs.IsFirstRow[i] = z * d1[i];
            inputs.IsLastRow[i] = z * gInv * d2[i];
            inputs.IsTransition[i] = xs[i] - gInv;
        }

        var planes = new[] { new BabyBear[m], new BabyBear[m], new BabyBear[m], new BabyBear[m] };
        var program = table.PackedProgram;
        const int Block = 256;
        Parallel.For(0, (m + Block - 1) / Block, blk =>
        {
            var start = blk * Block;
            program.Evaluate(inputs, start, Math.Min(m, start + Block), planes);
        });

        var zhInv = (BabyBear[])zh.Clone();
        BaseBatch.Inverse(zhInv);
        var chunks = table.QuotientChunks;
        var coeffs = new RowMajorMatrix(4 * chunks, n);
        Parallel.For(0, 4, k =>
        {
            var plane = planes[k];
            for (var i = 0; i < m; i++)
            {
                plane[i] *= zhInv[i & (zhInv.Length - 1)];
            }

            var c = Pcs.Coset.Interpolate(plane, shift);
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                for (var i = 0; i < n; i++)
                {
                    coeffs[i, (4 * chunk) + k] = c[(chunk * n) + i];
                }
            }
        });

        return coeffs;
    }

    /// <summary>Natural-order columns of the quotient coset from the bit-reversed LDE (column-major).</summary>
    /// <remarks>
    /// Tiled transpose: a tile's LDE rows stay in L1 while each column gets one contiguous run.
    /// Writing one row at a time into all columns instead touches w streams a power-of-two stride
    /// apart, which collide in the same cache sets and made this copy most of the quotient phase.
    /// </remarks>
    private static BabyBear[] Columns(RowMajorMatrix lde, int m, int logM)
    {
        var w = lde.Width;
        var result = new BabyBear[w * m];
        const int Tile = 64;
        Parallel.For(0, (m + Tile - 1) / Tile, tile =>
        {
            var start = tile * Tile;
            var count = Math.Min(Tile, m - start);
            Span<int> offsets = stackalloc int[Tile];
            for (var t = 0; t < count; t++)
            {
                offsets[t] = BitReversal.Reverse(start + t, logM) * w;
            }

            var src = lde.Values;
            for (var c = 0; c < w; c++)
            {
                var dst = result.AsSpan((c * m) + start, count);
                for (var t = 0; t < dst.Length; t++)
                {
                    dst[t] = src[offsets[t] + c];
                }
            }
        });

        return result;
    }
}
