using Tessera.Field;

namespace Tessera.Poly;

/// <summary>
/// Number-theoretic transforms over BabyBear, with Plonky3's conventions: for a size n = 2^k and
/// g = <see cref="BabyBear.TwoAdicGenerator"/>(k), the forward transform maps coefficients to
/// evaluations over the subgroup ⟨g⟩ in natural order, out[i] = Σ_j coeff[j]·g^(i·j); the inverse
/// maps them back (including the 1/n factor).
/// </summary>
/// <remarks>
/// Every method works in place. <c>maxDegreeOfParallelism</c> caps the threads used: −1 (default)
/// uses every core, 1 runs on the calling thread only (for benchmarks and for callers that
/// parallelise at a coarser level). Kernels run at the width <see cref="BabyBearVector.Path"/> picks;
/// all paths give identical results. Sizes from 1 to 2^27 are accepted.
/// </remarks>
public static unsafe class Ntt
{
    /// <summary>Coefficients (natural order) to evaluations over ⟨g⟩ (natural order), in place.</summary>
    /// <exception cref="ArgumentException">The length is not a power of two, or exceeds 2^27.</exception>
    public static void Forward(Span<BabyBear> values, int maxDegreeOfParallelism = -1)
    {
        var logN = LogOf(values.Length, nameof(values));
        fixed (BabyBear* p = values)
        {
            ColumnNtt.Dif((uint*)p, logN, inverse: false, maxDegreeOfParallelism);
            BitReversal.Permute((uint*)p, logN);
        }
    }

    /// <summary>Evaluations over ⟨g⟩ (natural order) to coefficients (natural order), in place.</summary>
    /// <exception cref="ArgumentException">The length is not a power of two, or exceeds 2^27.</exception>
    public static void Inverse(Span<BabyBear> values, int maxDegreeOfParallelism = -1)
    {
        var logN = LogOf(values.Length, nameof(values));
        fixed (BabyBear* p = values)
        {
            ColumnNtt.Dif((uint*)p, logN, inverse: true, maxDegreeOfParallelism);
            BitReversal.Permute((uint*)p, logN);
            Scale((uint*)p, values.Length, InverseOfSize(logN), maxDegreeOfParallelism);
        }
    }

    /// <summary>Coefficients (natural order) to evaluations in bit-reversed order: out[i] = f(g^reverse(i)). Skips the permutation.</summary>
    /// <exception cref="ArgumentException">The length is not a power of two, or exceeds 2^27.</exception>
    public static void ForwardToBitReversed(Span<BabyBear> values, int maxDegreeOfParallelism = -1)
    {
        var logN = LogOf(values.Length, nameof(values));
        fixed (BabyBear* p = values)
        {
            ColumnNtt.Dif((uint*)p, logN, inverse: false, maxDegreeOfParallelism);
        }
    }

    /// <summary>Evaluations in bit-reversed order (as <see cref="ForwardToBitReversed(Span{BabyBear}, int)"/> gives) to coefficients in natural order.</summary>
    /// <exception cref="ArgumentException">The length is not a power of two, or exceeds 2^27.</exception>
    public static void InverseFromBitReversed(Span<BabyBear> values, int maxDegreeOfParallelism = -1)
    {
        var logN = LogOf(values.Length, nameof(values));
        fixed (BabyBear* p = values)
        {
            ColumnNtt.Dit((uint*)p, logN, inverse: true, maxDegreeOfParallelism);
            Scale((uint*)p, values.Length, InverseOfSize(logN), maxDegreeOfParallelism);
        }
    }

    /// <summary>The forward transform of every column of <paramref name="matrix"/> at once, in place.</summary>
    /// <exception cref="ArgumentException">The height is not a power of two, or exceeds 2^27.</exception>
    public static void Forward(RowMajorMatrix matrix, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Width == 1)
        {
            Forward(matrix.Values, maxDegreeOfParallelism);
            return;
        }

        var logN = LogOf(matrix.Height, nameof(matrix));
        fixed (BabyBear* p = matrix.Values)
        {
            RowNtt.Dif((uint*)p, matrix.Width, matrix.Width, logN, inverse: false, maxDegreeOfParallelism);
            BitReversal.PermuteRows((uint*)p, matrix.Width, logN, maxDegreeOfParallelism);
        }
    }

    /// <summary>The inverse transform of every column of <paramref name="matrix"/> at once, in place.</summary>
    /// <exception cref="ArgumentException">The height is not a power of two, or exceeds 2^27.</exception>
    public static void Inverse(RowMajorMatrix matrix, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Width == 1)
        {
            Inverse(matrix.Values, maxDegreeOfParallelism);
            return;
        }

        var logN = LogOf(matrix.Height, nameof(matrix));
        fixed (BabyBear* p = matrix.Values)
        {
            RowNtt.Dif((uint*)p, matrix.Width, matrix.Width, logN, inverse: true, maxDegreeOfParallelism);
            BitReversal.PermuteRows((uint*)p, matrix.Width, logN, maxDegreeOfParallelism);
            Scale((uint*)p, matrix.Values.Length, InverseOfSize(logN), maxDegreeOfParallelism);
        }
    }

    /// <summary>log2 of a power-of-two size in 1..2^27.</summary>
    internal static int LogOf(int size, string paramName)
    {
        if (size <= 0 || (size & (size - 1)) != 0 || size > 1 << BabyBear.TwoAdicity)
        {
            throw new ArgumentException($"Transform sizes are powers of two from 1 to 2^{BabyBear.TwoAdicity}; got {size}.", paramName);
        }

        return System.Numerics.BitOperations.Log2((uint)size);
    }

    /// <summary>1/2^logN.</summary>
    internal static BabyBear InverseOfSize(int logN) => BabyBear.FromCanonical(1u << logN).Inverse();

    /// <summary>x[i] ·= s over n lanes, split across threads.</summary>
    internal static void Scale(uint* x, int n, BabyBear s, int dop)
    {
        var d = (nint)x;
        var sv = Butterflies.Raw(s);
        const int Chunk = 1 << 14;
        Parallelism.For((n + Chunk - 1) / Chunk, dop, 4, (c0, c1) =>
        {
            var start = c0 * Chunk;
            var end = Math.Min(n, c1 * Chunk);
            Butterflies.Scale((uint*)d + start, (uint*)d + start, end - start, sv);
        });
    }
}
