using Tessera.Field;

namespace Tessera.Poly;

/// <summary>
/// Coset low-degree extension of trace columns: the columns of a trace matrix are evaluations of
/// polynomials of degree &lt; n over the subgroup H of size n; the LDE evaluates the same polynomials
/// over the coset shift·H' with |H'| = n·2^logBlowup, column by column.
/// </summary>
/// <remarks>
/// <para>The default shift is <see cref="BabyBear.Generator"/> (31), as Plonky3's coset LDE: it is
/// outside every two-adic subgroup, so the coset never meets the trace domain and the vanishing
/// polynomial of H has no zero on it.</para>
/// <para>Method: one inverse NTT of size n (the coefficients), then for each of the 2^logBlowup
/// cosets r of H inside shift·H' one scaled copy of the coefficients and one forward NTT of size n.
/// Splitting the extension into 2^logBlowup size-n transforms skips the butterflies on zero padding
/// that a single transform of size n·2^logBlowup would spend, and needs no explicit permutation:
/// in bit-reversed order the rows of coset r are one contiguous block.</para>
/// </remarks>
public static unsafe class Lde
{
    /// <summary>The LDE of every column of <paramref name="trace"/> over the coset <see cref="BabyBear.Generator"/>·H'.</summary>
    /// <param name="trace">Evaluations over the subgroup of size Height (natural order), one column per polynomial.</param>
    /// <param name="logBlowup">log2 of the blowup factor (1, 2, 3 for blowups 2, 4, 8; 0 is a plain coset shift).</param>
    /// <param name="order">Row order of the result; the prover commits <see cref="LdeOrder.BitReversed"/>.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores, 1 for the calling thread only.</param>
    /// <returns>A new matrix of Width columns and Height·2^logBlowup rows.</returns>
    /// <exception cref="ArgumentException">The height is not a power of two.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The LDE height would exceed 2^27 or the largest array, or logBlowup is negative.</exception>
    public static RowMajorMatrix CosetExtend(RowMajorMatrix trace, int logBlowup, LdeOrder order = LdeOrder.BitReversed, int maxDegreeOfParallelism = -1) =>
        CosetExtend(trace, logBlowup, BabyBear.Generator, order, maxDegreeOfParallelism);

    /// <summary>The LDE of every column of <paramref name="trace"/> over the coset <paramref name="shift"/>·H'.</summary>
    /// <param name="trace">Evaluations over the subgroup of size Height (natural order), one column per polynomial.</param>
    /// <param name="logBlowup">log2 of the blowup factor.</param>
    /// <param name="shift">The coset shift; must be nonzero.</param>
    /// <param name="order">Row order of the result.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores, 1 for the calling thread only.</param>
    /// <returns>A new matrix of Width columns and Height·2^logBlowup rows.</returns>
    /// <exception cref="ArgumentException">The height is not a power of two, or the shift is zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The LDE height would exceed 2^27 or the largest array, or logBlowup is negative.</exception>
    public static RowMajorMatrix CosetExtend(RowMajorMatrix trace, int logBlowup, BabyBear shift, LdeOrder order, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var logN = CheckShape(trace, logBlowup);
        var destination = RowMajorMatrix.CreateUninitialized(trace.Width, trace.Height << logBlowup);
        Extend(trace, logN, logBlowup, shift, order, destination, maxDegreeOfParallelism, false, null);
        return destination;
    }

    /// <summary>
    /// As <see cref="CosetExtend(RowMajorMatrix, int, BabyBear, LdeOrder, int)"/>, and also the columns'
    /// coefficients, which the LDE computes anyway (the prover opens them out of domain).
    /// </summary>
    /// <param name="trace">Evaluations over the subgroup of size Height (natural order), one column per polynomial.</param>
    /// <param name="logBlowup">log2 of the blowup factor.</param>
    /// <param name="shift">The coset shift; must be nonzero.</param>
    /// <param name="order">Row order of the result.</param>
    /// <param name="coefficients">A new matrix of the trace's shape: row i holds every column's coefficient of X^i.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores, 1 for the calling thread only.</param>
    /// <returns>A new matrix of Width columns and Height·2^logBlowup rows.</returns>
    /// <exception cref="ArgumentException">The height is not a power of two, or the shift is zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The LDE height would exceed 2^27 or the largest array, or logBlowup is negative.</exception>
    public static RowMajorMatrix CosetExtend(RowMajorMatrix trace, int logBlowup, BabyBear shift, LdeOrder order, out RowMajorMatrix coefficients, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var logN = CheckShape(trace, logBlowup);
        var destination = RowMajorMatrix.CreateUninitialized(trace.Width, trace.Height << logBlowup);
        coefficients = RowMajorMatrix.CreateUninitialized(trace.Width, trace.Height);
        Extend(trace, logN, logBlowup, shift, order, destination, maxDegreeOfParallelism, false, coefficients);
        return destination;
    }

    /// <summary>
    /// The LDE over the coset <paramref name="shift"/>·H' of polynomials given by their coefficients
    /// (degree &lt; Height), without the forward and inverse transforms that a detour through
    /// evaluations on H would cost.
    /// </summary>
    /// <param name="coefficients">Row i holds every column's coefficient of X^i; Height a power of two.</param>
    /// <param name="logBlowup">log2 of the blowup factor.</param>
    /// <param name="shift">The coset shift; must be nonzero.</param>
    /// <param name="order">Row order of the result.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores, 1 for the calling thread only.</param>
    /// <returns>A new matrix of Width columns and Height·2^logBlowup rows.</returns>
    /// <exception cref="ArgumentException">The height is not a power of two, or the shift is zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The LDE height would exceed 2^27 or the largest array, or logBlowup is negative.</exception>
    public static RowMajorMatrix CosetExtendCoefficients(RowMajorMatrix coefficients, int logBlowup, BabyBear shift, LdeOrder order, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        var logN = CheckShape(coefficients, logBlowup);
        var destination = RowMajorMatrix.CreateUninitialized(coefficients.Width, coefficients.Height << logBlowup);
        Extend(coefficients, logN, logBlowup, shift, order, destination, maxDegreeOfParallelism, true, null);
        return destination;
    }

    /// <summary>As <see cref="CosetExtend(RowMajorMatrix, int, BabyBear, LdeOrder, int)"/>, into a caller-owned matrix (reused across calls to spare the allocation).</summary>
    /// <exception cref="ArgumentException">The height is not a power of two, the shift is zero, or <paramref name="destination"/> has the wrong shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The LDE height would exceed 2^27, or logBlowup is negative.</exception>
    public static void CosetExtendInto(RowMajorMatrix trace, int logBlowup, BabyBear shift, LdeOrder order, RowMajorMatrix destination, int maxDegreeOfParallelism = -1) =>
        CosetExtendInto(trace, logBlowup, shift, order, destination, null, maxDegreeOfParallelism);

    /// <summary>
    /// As <see cref="CosetExtendInto(RowMajorMatrix, int, BabyBear, LdeOrder, RowMajorMatrix, int)"/>, and
    /// also writes the columns' coefficients into <paramref name="coefficients"/> when it is not null.
    /// </summary>
    /// <param name="trace">Evaluations over the subgroup of size Height (natural order), one column per polynomial.</param>
    /// <param name="logBlowup">log2 of the blowup factor.</param>
    /// <param name="shift">The coset shift; must be nonzero.</param>
    /// <param name="order">Row order of the result.</param>
    /// <param name="destination">Width columns and Height·2^logBlowup rows; overwritten in full.</param>
    /// <param name="coefficients">Null, or a matrix of the trace's shape that receives row i = every column's coefficient of X^i.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores, 1 for the calling thread only.</param>
    /// <exception cref="ArgumentException">The height is not a power of two, the shift is zero, or a destination has the wrong shape.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The LDE height would exceed 2^27, or logBlowup is negative.</exception>
    public static void CosetExtendInto(RowMajorMatrix trace, int logBlowup, BabyBear shift, LdeOrder order, RowMajorMatrix destination,
        RowMajorMatrix? coefficients, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(destination);
        var logN = CheckShape(trace, logBlowup);
        if (destination.Width != trace.Width || destination.Height != trace.Height << logBlowup)
        {
            throw new ArgumentException($"The LDE of a {trace.Height}×{trace.Width} trace at blowup 2^{logBlowup} is {trace.Height << logBlowup}×{trace.Width}; the destination is {destination.Height}×{destination.Width}.", nameof(destination));
        }

        if (coefficients is not null && (coefficients.Width != trace.Width || coefficients.Height != trace.Height))
        {
            throw new ArgumentException($"The coefficients of a {trace.Height}×{trace.Width} trace fill a {trace.Height}×{trace.Width} matrix, not {coefficients.Height}×{coefficients.Width}.", nameof(coefficients));
        }

        Extend(trace, logN, logBlowup, shift, order, destination, maxDegreeOfParallelism, false, coefficients);
    }

    /// <summary>
    /// The bit-reversed LDE over <paramref name="shift"/>·H' of a trace held in the first
    /// Height·Width elements of <paramref name="buffer"/>, written over the whole buffer: the trace
    /// is consumed, and no second matrix of its size is needed (the prover's LDE of a witness it owns).
    /// </summary>
    /// <param name="buffer">Width·2^(logN + logBlowup) elements; rows [0, 2^logN) hold the trace (natural order).</param>
    /// <param name="width">Columns.</param>
    /// <param name="logN">log2 of the trace height.</param>
    /// <param name="logBlowup">log2 of the blowup factor.</param>
    /// <param name="shift">The coset shift; must be nonzero.</param>
    /// <param name="maxDegreeOfParallelism">−1 for all cores, 1 for the calling thread only.</param>
    /// <returns>The LDE, a matrix over <paramref name="buffer"/>.</returns>
    /// <exception cref="ArgumentException">The buffer has the wrong length or the shift is zero.</exception>
    public static RowMajorMatrix CosetExtendInPlace(BabyBear[] buffer, int width, int logN, int logBlowup, BabyBear shift, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(logBlowup);
        if (logN < 0 || logN + logBlowup > BabyBear.TwoAdicity || buffer.Length != (long)width << (logN + logBlowup))
        {
            throw new ArgumentException($"An in-place LDE of 2^{logN} rows × {width} at blowup 2^{logBlowup} needs {(long)width << (logN + logBlowup)} elements; the buffer has {buffer.Length}.", nameof(buffer));
        }

        if (shift.IsZero)
        {
            throw new ArgumentException("The coset shift must be nonzero.", nameof(shift));
        }

        var n = 1 << logN;
        var blowup = 1 << logBlowup;
        var omegaBig = BabyBear.TwoAdicGenerator(logN + logBlowup);
        var invN = Ntt.InverseOfSize(logN);
        var powers = System.Buffers.ArrayPool<BabyBear>.Shared.Rent(n);
        try
        {
            fixed (BabyBear* d0 = buffer)
            fixed (BabyBear* pw0 = powers)
            {
                // As Extend's bit-reversed path, with the gather of the trace's rows in bit-reversed
                // order done in place first (the gathering pass cannot read and write one block).
                var d = (uint*)d0;
                BitReversal.PermuteRows(d, width, logN, maxDegreeOfParallelism);
                RowNtt.Dit(d, width, width, logN, inverse: true, maxDegreeOfParallelism);
                for (var rb = blowup - 1; rb >= 0; rb--)
                {
                    Powers(powers, invN, shift * omegaBig.Pow((ulong)BitReversal.Reverse(rb, logBlowup)), maxDegreeOfParallelism);
                    var block = d + ((long)rb * n * width);
                    RowNtt.Dif(block, width, width, logN, inverse: false, maxDegreeOfParallelism,
                        new RowFill(d, width, reverseRows: false, (uint*)pw0, reverseFactors: false));
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<BabyBear>.Shared.Return(powers);
        }

        return new RowMajorMatrix(buffer, width);
    }

    private static int CheckShape(RowMajorMatrix trace, int logBlowup)
    {
        var logN = Ntt.LogOf(trace.Height, nameof(trace));
        ArgumentOutOfRangeException.ThrowIfNegative(logBlowup);
        if (logN + logBlowup > BabyBear.TwoAdicity || (long)trace.Values.Length << logBlowup > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(logBlowup), logBlowup, $"An LDE of {trace.Height} rows × {trace.Width} columns at blowup 2^{logBlowup} exceeds 2^{BabyBear.TwoAdicity} rows or the largest array.");
        }

        return logN;
    }

    // Coset r of H inside shift·H' is {shift·ω_N^r·ω_n^m}: with c the coefficients, its evaluations are
    // the size-n NTT of c_j·(shift·ω_N^r)^j. Natural LDE row B·m + r holds coset r's m-th value; the
    // bit-reversed LDE row r'·n + k holds coset reverse_b(r')'s value at m = reverse_L(k).
    // With fromCoefficients the source already holds the coefficients: the inverse transform is
    // skipped and the cosets read the source directly, unscaled by 1/n.
    private static void Extend(RowMajorMatrix trace, int logN, int logBlowup, BabyBear shift, LdeOrder order, RowMajorMatrix dst, int dop,
        bool fromCoefficients, RowMajorMatrix? coefficientsOut)
    {
        if (shift.IsZero)
        {
            throw new ArgumentException("The coset shift must be nonzero.", nameof(shift));
        }

        var n = trace.Height;
        var w = trace.Width;
        var blowup = 1 << logBlowup;
        var omegaBig = BabyBear.TwoAdicGenerator(logN + logBlowup);
        var invN = Ntt.InverseOfSize(logN);
        if (order == LdeOrder.BitReversed && !fromCoefficients && coefficientsOut is null && w <= ColumnPathMaxWidth
            && w >= Parallelism.Threads(dop) && logN >= 10)
        {
            ExtendByColumns(trace, logN, logBlowup, shift, dst, dop);
            return;
        }

        // Pooled: a fresh n-element array per call was large-object garbage at every commitment.
        var powers = System.Buffers.ArrayPool<BabyBear>.Shared.Rent(n);
        try
        {
            Extend(trace, logN, logBlowup, shift, order, dst, dop, fromCoefficients, coefficientsOut, powers, n, w, blowup, omegaBig, invN);
        }
        finally
        {
            System.Buffers.ArrayPool<BabyBear>.Shared.Return(powers);
        }
    }

    private static void Extend(RowMajorMatrix trace, int logN, int logBlowup, BabyBear shift, LdeOrder order, RowMajorMatrix dst, int dop,
        bool fromCoefficients, RowMajorMatrix? coefficientsOut, BabyBear[] powers, int n, int w, int blowup, BabyBear omegaBig, BabyBear invN)
    {
        fixed (BabyBear* src0 = trace.Values)
        fixed (BabyBear* dst0 = dst.Values)
        fixed (BabyBear* pw0 = powers)
        {
            var src = (nint)src0;
            var d = (nint)dst0;
            var pw = (uint*)pw0;
            if (order == LdeOrder.BitReversed)
            {
                // Block r' = rows [r'·n, (r'+1)·n). Block 0 takes the trace in bit-reversed row order
                // (gathered inside the first pass) so the inverse DIT leaves natural-order
                // coefficients there; each block then reads them scaled, inside its first DIF pass.
                var coeffs = fromCoefficients ? (uint*)src : (uint*)d;
                var scale = fromCoefficients ? BabyBear.One : invN;
                if (!fromCoefficients)
                {
                    RowNtt.Dit((uint*)d, w, w, logN, inverse: true, dop, new RowFill((uint*)src, w, reverseRows: true, null, false));
                    if (coefficientsOut is not null)
                    {
                        BabyBearVector.MulScalar(dst.Values.AsSpan(0, n * w), invN, coefficientsOut.Values);
                    }
                }

                for (var rb = blowup - 1; rb >= 0; rb--)
                {
                    Powers(powers, scale, shift * omegaBig.Pow((ulong)BitReversal.Reverse(rb, logBlowup)), dop);
                    var block = (uint*)d + ((long)rb * n * w);
                    RowNtt.Dif(block, w, w, logN, inverse: false, dop, new RowFill(coeffs, w, reverseRows: false, pw, reverseFactors: false));
                }
            }
            else
            {
                // Coset r = rows r, r + B, r + 2B, …: the inverse DIF leaves coefficients in
                // bit-reversed order there, which is what the forward DIT wants.
                var stride = (long)w * blowup;
                var fill = fromCoefficients
                    ? new RowFill((uint*)src, w, reverseRows: true, pw, reverseFactors: true)
                    : new RowFill((uint*)d, stride, reverseRows: false, pw, reverseFactors: true);
                var scale = fromCoefficients ? BabyBear.One : invN;
                if (!fromCoefficients)
                {
                    RowNtt.Dif((uint*)d, stride, w, logN, inverse: true, dop, new RowFill((uint*)src, w, reverseRows: false, null, false));
                    if (coefficientsOut is not null)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            var row = dst.Values.AsSpan((int)(BitReversal.Reverse(j, logN) * stride), w);
                            BabyBearVector.MulScalar(row, invN, coefficientsOut.Values.AsSpan(j * w, w));
                        }
                    }
                }

                for (var r = blowup - 1; r >= 0; r--)
                {
                    Powers(powers, scale, shift * omegaBig.Pow((ulong)r), dop);
                    var coset = (uint*)d + ((long)r * w);
                    RowNtt.Dit(coset, stride, w, logN, inverse: false, dop, fill);
                }
            }
        }
    }

    /// <summary>
    /// Widths up to this take the column path (<see cref="ExtendByColumns"/>). Measured at 2^19 rows,
    /// blowup 2, CPU time on a loaded 2-core Zen 5 (LdeColumnPathTests.Timing): 8 columns 117 ms by
    /// columns vs 219 by rows (×1.9); 24 columns 455–478 vs 308–355 and 48 columns 1 157–1 236 vs
    /// 577, where the strided gathers and scatters cost more than the calls saved.
    /// </summary>
    internal static int ColumnPathMaxWidth { get; set; } = 12;

    // Narrow matrices (the LogUp aux trace: 4 base columns per extension column) column by column:
    // each thread gathers a column, interpolates it and evaluates each coset with the single-column
    // NTT, then scatters it into the bit-reversed rows. The row path's butterflies cost one call per
    // pair of rows whatever the width, so on 8..48 columns the calls, not the arithmetic, dominate.
    private static void ExtendByColumns(RowMajorMatrix trace, int logN, int logBlowup, BabyBear shift, RowMajorMatrix dst, int dop)
    {
        var n = trace.Height;
        var w = trace.Width;
        var blowup = 1 << logBlowup;
        var omegaBig = BabyBear.TwoAdicGenerator(logN + logBlowup);
        var powers = new BabyBear[blowup][];
        for (var rb = 0; rb < blowup; rb++)
        {
            powers[rb] = System.Buffers.ArrayPool<BabyBear>.Shared.Rent(n);
            Powers(powers[rb], BabyBear.One, shift * omegaBig.Pow((ulong)BitReversal.Reverse(rb, logBlowup)), dop);
        }

        var src = trace.Values;
        var values = dst.Values;
        Parallelism.For(w, dop, 1, (c0, c1) =>
        {
            var col = System.Buffers.ArrayPool<BabyBear>.Shared.Rent(n);
            var buf = System.Buffers.ArrayPool<BabyBear>.Shared.Rent(n);
            var coefficients = col.AsSpan(0, n);
            var evaluations = buf.AsSpan(0, n);
            for (var c = c0; c < c1; c++)
            {
                for (var i = 0; i < n; i++)
                {
                    coefficients[i] = src[(i * w) + c];
                }

                Ntt.Inverse(coefficients, 1);
                for (var rb = 0; rb < blowup; rb++)
                {
                    BabyBearVector.Mul(coefficients, powers[rb].AsSpan(0, n), evaluations);
                    Ntt.ForwardToBitReversed(evaluations, 1);
                    var block = values.AsSpan(rb * n * w);
                    for (var i = 0; i < n; i++)
                    {
                        block[(i * w) + c] = evaluations[i];
                    }
                }
            }

            System.Buffers.ArrayPool<BabyBear>.Shared.Return(col);
            System.Buffers.ArrayPool<BabyBear>.Shared.Return(buf);
        });

        foreach (var p in powers)
        {
            System.Buffers.ArrayPool<BabyBear>.Shared.Return(p);
        }
    }

    /// <summary>powers[j] = scale·base^j, filled in parallel chunks that each start from one exponentiation.</summary>
    private static void Powers(BabyBear[] powers, BabyBear scale, BabyBear @base, int dop)
    {
        const int Chunk = 1 << 12;
        Parallelism.For((powers.Length + Chunk - 1) / Chunk, dop, 8, (c0, c1) =>
        {
            var end = Math.Min(powers.Length, c1 * Chunk);
            var x = scale * @base.Pow((ulong)(c0 * Chunk));
            for (var j = c0 * Chunk; j < end; j++)
            {
                powers[j] = x;
                x *= @base;
            }
        });
    }
}
