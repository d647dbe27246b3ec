using Tessera.Field;
using Tessera.Poly;
using Tessera.Stark.Air;
using Tessera.Stark.Lookup;
using Tessera.Stark.Pcs;

namespace Tessera.Stark.Prover;

/// <summary>
/// Computes a table's quotient Q = Σ_r γ^r·C_r / Z_H on its quotient domain (the first
/// n·2^q rows of the bit-reversed LDE are exactly that coset), interpolates it, splits it into
/// chunks of degree &lt; n and returns their LDE (4 base planes per chunk, bit-reversed rows).
/// </summary>
internal static class QuotientBuilder
{
    // allocate: field arrays of a given length, contents unspecified (the prover's buffer pool).
    public static RowMajorMatrix Build(CompiledAir table, int logHeight, int logBlowup, BabyBear shift, CommittedTable? pre,
        CommittedTable main, CommittedTable? aux, BabyBear[] publics, BabyBear4[] challenges, BabyBear4 cumulativeSum,
        BabyBear4 gamma, Func<int, BabyBear[]> allocate)
    {
        var n = 1 << logHeight;
        var qf = table.LogQuotientFactor;
        var m = n << qf;
        var logM = logHeight + qf;
        var inputs = new QuotientInputs
        {
            Publics = publics,
            Challenges = challenges,
            SumShare = LogUp.SumShare(cumulativeSum, logHeight),
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

        var planes = new[] { allocate(m), allocate(m), allocate(m), allocate(m) };
        var program = table.PackedProgram;
        var capacity = Math.Min(m, WindowRows);
        var windows = m / capacity;
        var nextWindow = -1;
        var selectors = new Selectors(n, logHeight, logM, shift, zh);
        Parallel.For(0, Math.Min(Environment.ProcessorCount, windows), _ =>
        {
            var win = table.RentWindow(capacity, 1 << qf, aux is null ? 0 : aux.Lde.Width);
            win.Rows = capacity;
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

            table.ReturnWindow(win);
        });

        // Each chunk's LDE is one forward NTT of its coefficients, scaled for the coset, straight to
        // bit-reversed order. (The matrix LDE, built for wide traces, took ~5x longer on these 8 columns.)
        var zhInv = (BabyBear[])zh.Clone();
        BaseBatch.Inverse(zhInv);
        var chunks = table.QuotientChunks;
        var logLde = logHeight + logBlowup;
        var lde = new RowMajorMatrix(allocate((4 * chunks) << logLde), 4 * chunks);
        var scratch = new[] { allocate(1 << logLde), allocate(1 << logLde), allocate(1 << logLde), allocate(1 << logLde) };
        var shiftInvN = shift.Inverse().Pow((ulong)n);
        Parallel.For(0, 4, k =>
        {
            var plane = planes[k].AsSpan(0, m);
            for (var i = 0; i < m; i++)
            {
                plane[i] *= zhInv[i & (zhInv.Length - 1)];
            }

            // Q(X) = Σ_i c_i X^i with c the plane's coefficients over shift·⟨ω_m⟩ times shift^-i;
            // chunk j is Σ_i c_(jn+i) X^i, evaluated at shift·y: Σ_i plane_(jn+i)·shift^(-jn)·y^i.
            Ntt.Inverse(plane, 1);
            var buf = scratch[k];
            var factor = BabyBear.One;
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                BabyBearVector.MulScalar(plane.Slice(chunk * n, n), factor, buf.AsSpan(0, n));
                buf.AsSpan(n).Clear();
                Ntt.ForwardToBitReversed(buf, 1);
                var col = (4 * chunk) + k;
                var w = lde.Width;
                var dst = lde.Values;
                for (var row = 0; row < buf.Length; row++)
                {
                    dst[(row * w) + col] = buf[row];
                }

                factor *= shiftInvN;
            }
        });

        return lde;
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
