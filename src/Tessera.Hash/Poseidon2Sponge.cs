using System.Runtime.InteropServices;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// Hashing of field-element sequences with Poseidon2 width 16: Plonky3's
/// <c>PaddingFreeSponge&lt;Poseidon2BabyBear&lt;16&gt;, 16, 8, 8&gt;</c> (rate 8, capacity 8, 8-element digest).
/// </summary>
/// <remarks>
/// The state starts at zero. The input is cut into chunks of 8; each chunk overwrites the first
/// elements of the state (a final chunk of k &lt; 8 elements overwrites only the first k, leaving the
/// rest of the rate as the previous permutation left it) and the state is permuted once per chunk.
/// The digest is the first 8 elements. There is no padding: empty input gives the zero digest without
/// a permutation, and inputs of different lengths can collide, so the length must be fixed by context
/// (as it is for Merkle leaves: all rows of a matrix have the same width).
/// </remarks>
public static class Poseidon2Sponge
{
    /// <summary>Elements absorbed per permutation.</summary>
    public const int Rate = 8;

    /// <summary>Hashes <paramref name="input"/> to a digest.</summary>
    public static Digest Hash(ReadOnlySpan<BabyBear> input)
    {
        Span<BabyBear> state = stackalloc BabyBear[Poseidon2.Width16];
        state.Clear();
        for (var offset = 0; offset < input.Length; offset += Rate)
        {
            var chunk = input[offset..Math.Min(offset + Rate, input.Length)];
            chunk.CopyTo(state);
            Poseidon2.Permute(state);
        }

        return new Digest(state[..Digest.Length]);
    }

    /// <summary>
    /// Hashes every row of a row-major matrix: row j is
    /// <c>rows[(j·rowLength)..((j+1)·rowLength)]</c> and its digest goes to <c>digests[j]</c>, equal
    /// to <see cref="Hash"/> of the row. This is how Merkle leaves are made; rows run one per SIMD
    /// lane and across cores for large matrices.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="rowLength"/> is negative, the matrix does not hold exactly
    /// <c>digests.Length</c> rows, or the output overlaps the input.
    /// </exception>
    public static unsafe void HashRows(ReadOnlySpan<BabyBear> rows, int rowLength, Span<Digest> digests)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowLength);
        if ((long)rowLength * digests.Length != rows.Length)
        {
            throw new ArgumentException($"{rows.Length} elements are not {digests.Length} rows of {rowLength}.", nameof(rows));
        }

        if (rows.Overlaps(MemoryMarshal.Cast<Digest, BabyBear>(digests)))
        {
            throw new ArgumentException("The digests must not overlap the rows.", nameof(digests));
        }

        if (rowLength == 0)
        {
            digests.Clear();
            return;
        }

        fixed (BabyBear* r = rows)
        fixed (Digest* d = digests)
        {
            Poseidon2Batch.Execute(new Poseidon2Batch.HashRowsJob((uint*)r, rowLength, (uint*)d, digests.Length));
        }
    }
}
