using System.Buffers;

using Tessera.Field;

namespace Tessera.Hash.Merkle;

/// <summary>
/// Checks a <see cref="MerkleOpening"/> against a root, the committed matrices' dimensions (in the
/// committed order) and the opened index, by recomputing the path with the rule documented on
/// <see cref="MerkleTree"/>. Malformed openings are reported as failures, never as other exceptions.
/// </summary>
public static class MerkleVerifier
{
    /// <summary>Verifies the opening, or throws saying why it does not verify.</summary>
    /// <exception cref="MerkleVerificationException">The opening does not verify; its <see cref="MerkleVerificationException.Reason"/> says why.</exception>
    public static void Verify(in Digest root, ReadOnlySpan<MatrixDimensions> dimensions, int index, MerkleOpening opening)
    {
        var failure = Check(root, dimensions, index, opening);
        if (failure != MerkleVerificationFailure.None)
        {
            throw new MerkleVerificationException(failure);
        }
    }

    /// <summary>Checks the opening; returns <see cref="MerkleVerificationFailure.None"/> when it verifies, otherwise why not.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="opening"/> is null.</exception>
    public static MerkleVerificationFailure Check(in Digest root, ReadOnlySpan<MatrixDimensions> dimensions, int index, MerkleOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        var failure = MerkleLayout.TryCreate(dimensions, out var layout);
        if (failure != MerkleVerificationFailure.None)
        {
            return failure;
        }

        if (index < 0 || index >= layout!.Height)
        {
            return MerkleVerificationFailure.IndexOutOfRange;
        }

        var rows = opening.Rows;
        if (rows.Count != dimensions.Length)
        {
            return MerkleVerificationFailure.WrongRowCount;
        }

        for (var m = 0; m < rows.Count; m++)
        {
            if (rows[m].Length != dimensions[m].Width)
            {
                return MerkleVerificationFailure.WrongRowWidth;
            }
        }

        var siblings = opening.Siblings;
        if (siblings.Length != layout.LogHeight)
        {
            return MerkleVerificationFailure.WrongPathLength;
        }

        var node = HashRows(layout.Groups[0], rows);
        for (var level = 1; level <= layout.LogHeight; level++)
        {
            var sibling = siblings[level - 1];
            node = ((index >> (level - 1)) & 1) == 0
                ? Poseidon2Compression.Compress(node, sibling)
                : Poseidon2Compression.Compress(sibling, node);
            if (layout.GroupAt(level) is { } group)
            {
                node = Poseidon2Compression.Compress(node, HashRows(group, rows));
            }
        }

        return node == root ? MerkleVerificationFailure.None : MerkleVerificationFailure.RootMismatch;
    }

    /// <summary>The sponge over the opened rows of one height group, concatenated in committed order.</summary>
    private static Digest HashRows(HeightGroup group, IReadOnlyList<ReadOnlyMemory<BabyBear>> rows)
    {
        if (group.Members.Length == 1)
        {
            return Poseidon2Sponge.Hash(rows[group.Members[0]].Span);
        }

        var buffer = ArrayPool<BabyBear>.Shared.Rent(group.TotalWidth);
        try
        {
            var offset = 0;
            foreach (var m in group.Members)
            {
                rows[m].Span.CopyTo(buffer.AsSpan(offset));
                offset += rows[m].Length;
            }

            return Poseidon2Sponge.Hash(buffer.AsSpan(0, offset));
        }
        finally
        {
            ArrayPool<BabyBear>.Shared.Return(buffer);
        }
    }
}
