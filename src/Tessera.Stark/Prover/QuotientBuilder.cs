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
            Publics = publics,
            Challenges = challenges,
            CumulativeSum = cumulativeSum,
            ConstraintWeights = [.. Pcs.Coset.Powers(gamma, table.Constraints.Count)],
        };

        // Z_H(x_i) = shift^n·ω_{2^q}^i − 1 repeats with period 2^q.
        var zh = new BabyBear[1 << qf];
        var shiftN = shift.Pow((ulong)n);
        var w = BabyBear.TwoAdicGenerator(qf);
        var wi = BabyBear.One;
        for (var i = 0; i < zh.Length; i++)
        {
            zh[i] = (shiftN * wi) - BabyBear.One;
            wi *= w;
        }

        var planes = new[] { new BabyBear[m], new BabyBear[m], new BabyBear[m], new BabyBear[m] };
        var program = table.PackedProgram;
        var capacity = Math.Min(m, WindowRows);
        var windows = m / capacity;
        var nextWindow = -1;
        var selectors = new Selectors(n, logHeight, logM, shift, zh);
        Parallel.For(0, Math.Min(Environment.ProcessorCount, windows), _ =>
        {
            var win = new QuotientWindow(capacity, 1 << qf, table.Air.Width, table.Air.PreprocessedWidth,
                aux is null ? 0 : aux.Lde.Width)
            {
                Rows = capacity,
            };
            var scratch = new BabyBear[4 * capacity];
            int blk;
            while ((blk = Interlocked.Increment(ref nextWindow)) < windows)
            {
                var start = blk * capacity;
                win.Load(main.Lde, logM, start, win.Main);
                if (pre is not null)
                {
                    win.Load(pre.Lde, logM, start, win.Preprocessed);
                }

                if (aux is not null)
                {
                    win.Load(aux.Lde, logM, start, win.Aux);
                }

                selectors.Fill(win, start, scratch);
                program.Evaluate(inputs, win, planes, start);
            }
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

    // Rows per window: 128 columns × (256 + 16) rows of scratch stay in L2.
    private const int WindowRows = 256;

    /// <summary>The selector values of a window's rows, from x_i = shift·ω_N^i.</summary>
    private sealed class Selectors(int n, int logHeight, int logM, BabyBear shift, BabyBear[] zh)
    {
        private readonly BabyBear _omega = BabyBear.TwoAdicGenerator(logM);
        private readonly BabyBear _gInv = BabyBear.TwoAdicGenerator(logHeight).Inverse();
        private readonly BabyBear _n = BabyBear.FromUInt32((uint)n);

        /// <summary>IsFirstRow = Z_H/(n·(x − 1)), IsLastRow = Z_H·g⁻¹/(n·(x − g⁻¹)), IsTransition = x − g⁻¹.</summary>
        public void Fill(QuotientWindow win, int start, BabyBear[] scratch)
        {
            var rows = win.Rows;
            var d = scratch.AsSpan(0, 2 * rows);
            var inv = scratch.AsSpan(2 * rows, 2 * rows);
            var x = shift * _omega.Pow((ulong)start);
            for (var i = 0; i < rows; i++)
            {
                d[i] = _n * (x - BabyBear.One);
                d[rows + i] = _n * (x - _gInv);
                win.IsTransition[i] = x - _gInv;
                x *= _omega;
            }

            BatchInversion.Invert(d, inv);
            var mask = zh.Length - 1;
            for (var i = 0; i < rows; i++)
            {
                var z = zh[(start + i) & mask];
                win.IsFirstRow[i] = z * inv[i];
                win.IsLastRow[i] = z * _gInv * inv[rows + i];
            }
        }
    }
}
