using System.Runtime.InteropServices;

using Tessera.Field;

namespace Tessera.Hash.Merkle;

/// <summary>
/// The digest a Merkle tree gives the concatenated rows of one height group: the rows themselves,
/// zero-padded to <see cref="Digest.Length"/> elements, when they fit in a digest; otherwise
/// <see cref="Poseidon2Sponge.Hash"/> of them.
/// </summary>
/// <remarks>
/// A row that fits is its own digest: the width is fixed by the commitment's dimensions, so zero
/// padding is injective, and binding rests on the compression alone, as for every inner node. It
/// saves one permutation per leaf for narrow matrices (LogUp aux of one extension column, two
/// quotient chunks, FRI layers folded by two), which is half of such a tree's work
/// (docs/decisions/0009-narrow-merkle-leaves.md).
/// </remarks>
internal static class MerkleLeaf
{
    /// <summary>Writes the leaf digest of every row of a row-major matrix of <paramref name="width"/> columns.</summary>
    public static void HashRows(ReadOnlySpan<BabyBear> rows, int width, Span<Digest> digests)
    {
        if (width > Digest.Length)
        {
            Poseidon2Sponge.HashRows(rows, width, digests);
            return;
        }

        if ((long)width * digests.Length != rows.Length)
        {
            throw new ArgumentException($"{rows.Length} elements are not {digests.Length} rows of {width}.", nameof(rows));
        }

        var output = MemoryMarshal.Cast<Digest, BabyBear>(digests);
        if (width == Digest.Length)
        {
            rows.CopyTo(output);
            return;
        }

        output.Clear();
        for (var j = 0; j < digests.Length; j++)
        {
            rows.Slice(j * width, width).CopyTo(output[(j * Digest.Length)..]);
        }
    }

    /// <summary>The leaf digest of one (concatenated) row.</summary>
    public static Digest Hash(ReadOnlySpan<BabyBear> row)
    {
        if (row.Length > Digest.Length)
        {
            return Poseidon2Sponge.Hash(row);
        }

        Span<BabyBear> padded = stackalloc BabyBear[Digest.Length];
        padded.Clear();
        row.CopyTo(padded);
        return new Digest(padded);
    }
}
