using System.Buffers;
using System.Runtime.CompilerServices;

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

    /// <summary>Verifies a batch opening of <paramref name="indices"/>, or throws saying why it does not verify.</summary>
    /// <exception cref="MerkleVerificationException">The batch does not verify; its <see cref="MerkleVerificationException.Reason"/> says why.</exception>
    public static void VerifyBatch(in Digest root, ReadOnlySpan<MatrixDimensions> dimensions, ReadOnlySpan<int> indices, MerkleBatchOpening opening)
    {
        var failure = CheckBatch(root, dimensions, indices, opening);
        if (failure != MerkleVerificationFailure.None)
        {
            throw new MerkleVerificationException(failure);
        }
    }

    /// <summary>
    /// Checks a batch opening of <paramref name="indices"/> (duplicates allowed, any order): its shape
    /// must be exactly the one <see cref="MerkleBatchOpening"/> documents for these indices, and the
    /// root recomputed level by level (all nodes of a level hashed together) must equal
    /// <paramref name="root"/>. Returns <see cref="MerkleVerificationFailure.None"/> when it verifies.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="opening"/> is null.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static MerkleVerificationFailure CheckBatch(in Digest root, ReadOnlySpan<MatrixDimensions> dimensions, ReadOnlySpan<int> indices,
        MerkleBatchOpening opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        var failure = MerkleLayout.TryCreate(dimensions, out var layout);
        if (failure != MerkleVerificationFailure.None)
        {
            return failure;
        }

        if (indices.IsEmpty || indices.Length > MerkleBatchOpening.MaxIndices)
        {
            return MerkleVerificationFailure.IndexOutOfRange;
        }

        foreach (var index in indices)
        {
            if (index < 0 || index >= layout!.Height)
            {
                return MerkleVerificationFailure.IndexOutOfRange;
            }
        }

        if (opening.MatrixCount != dimensions.Length)
        {
            return MerkleVerificationFailure.WrongRowCount;
        }

        for (var m = 0; m < dimensions.Length; m++)
        {
            if (opening.Width(m) != dimensions[m].Width)
            {
                return MerkleVerificationFailure.WrongRowWidth;
            }
        }

        // The distinct nodes of every level, and the row counts they imply, before any hashing.
        var atLevel = new int[layout!.LogHeight + 1][];
        atLevel[0] = MerkleBatchShape.SortedDistinct(indices);
        for (var level = 1; level <= layout.LogHeight; level++)
        {
            atLevel[level] = MerkleBatchShape.Parents(atLevel[level - 1]);
        }

        foreach (var group in layout.Groups)
        {
            foreach (var m in group.Members)
            {
                if (opening.RowCount(m) != atLevel[group.Level].Length)
                {
                    return MerkleVerificationFailure.WrongBatchShape;
                }
            }
        }

        var siblings = opening.Siblings;
        var used = 0;
        var nodes = new Digest[atLevel[0].Length];
        HashGroupRows(layout.Groups[0], opening, nodes);
        var pairs = new Digest[2 * nodes.Length];
        for (var level = 0; level < layout.LogHeight; level++)
        {
            var current = atLevel[level];
            var n = 0;
            for (var k = 0; k < current.Length; k++)
            {
                var i = current[k];
                Digest left, right;
                if (k + 1 < current.Length && current[k + 1] == (i ^ 1))
                {
                    (left, right) = (nodes[k], nodes[k + 1]);
                    k++;
                }
                else
                {
                    if (used == siblings.Length)
                    {
                        return MerkleVerificationFailure.WrongPathLength;
                    }

                    var sibling = siblings[used++];
                    (left, right) = (i & 1) == 0 ? (nodes[k], sibling) : (sibling, nodes[k]);
                }

                pairs[2 * n] = left;
                pairs[(2 * n) + 1] = right;
                n++;
            }

            var parents = nodes.AsSpan(0, n);
            Poseidon2Compression.CompressPairs(pairs.AsSpan(0, 2 * n), parents);
            if (layout.GroupAt(level + 1) is { } group)
            {
                var rowDigests = new Digest[n];
                HashGroupRows(group, opening, rowDigests);
                Poseidon2Compression.Compress(parents, rowDigests, parents);
            }
        }

        if (used != siblings.Length)
        {
            return MerkleVerificationFailure.WrongPathLength;
        }

        return nodes[0] == root ? MerkleVerificationFailure.None : MerkleVerificationFailure.RootMismatch;
    }

    /// <summary>The leaf digests of the opened rows of one height group (members concatenated per node), all nodes at once.</summary>
    private static void HashGroupRows(HeightGroup group, MerkleBatchOpening opening, Span<Digest> digests)
    {
        if (group.Members.Length == 1)
        {
            var m = group.Members[0];
            MerkleLeaf.HashRows(opening.Rows(m), opening.Width(m), digests);
            return;
        }

        var total = group.TotalWidth;
        var buffer = ArrayPool<BabyBear>.Shared.Rent(digests.Length * total);
        try
        {
            var offset = 0;
            foreach (var m in group.Members)
            {
                var w = opening.Width(m);
                for (var k = 0; k < digests.Length; k++)
                {
                    opening.Row(m, k).CopyTo(buffer.AsSpan((k * total) + offset, w));
                }

                offset += w;
            }

            MerkleLeaf.HashRows(buffer.AsSpan(0, digests.Length * total), total, digests);
        }
        finally
        {
            ArrayPool<BabyBear>.Shared.Return(buffer);
        }
    }

    /// <summary>The leaf digest of the opened rows of one height group, concatenated in committed order.</summary>
    private static Digest HashRows(HeightGroup group, IReadOnlyList<ReadOnlyMemory<BabyBear>> rows)
    {
        if (group.Members.Length == 1)
        {
            return MerkleLeaf.Hash(rows[group.Members[0]].Span);
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

            return MerkleLeaf.Hash(buffer.AsSpan(0, offset));
        }
        finally
        {
            ArrayPool<BabyBear>.Shared.Return(buffer);
        }
    }
}
