using System.Buffers;

using Tessera.Field;

namespace Tessera.Hash.Merkle;

/// <summary>
/// A Merkle commitment to the rows of one or several row-major matrices whose heights are powers of
/// two, possibly different, in one tree (as Plonky3's <c>MerkleTreeMmcs</c>), and the prover data
/// that opens it: the matrices and every level of digests.
/// </summary>
/// <remarks>
/// <para>Let H be the tallest height and, for each height h, M_h the matrices of height h in the order
/// they were given; <c>rows_h(i)</c> is row i of every matrix in M_h, concatenated; Leaf(r) is r
/// zero-padded to 8 elements when r has at most 8, else <see cref="Poseidon2Sponge.Hash"/> of r; and C is
/// <see cref="Poseidon2Compression.Compress(in Digest, in Digest)"/>.</para>
/// <para>Level 0 (the leaves) has H nodes: <c>L0[i] = Leaf(rows_H(i))</c>.
/// Level k + 1 has H / 2^(k+1) nodes: <c>N = C(Lk[2j], Lk[2j+1])</c>, and
/// <c>Lk+1[j] = C(N, Leaf(rows_h(j)))</c> when some matrices have height h = H / 2^(k+1),
/// otherwise <c>Lk+1[j] = N</c>. The root is the single node of level log2 H; a height-1 matrix is
/// injected there. For power-of-two heights this is Plonky3's rule, except that Plonky3 sponges
/// rows of up to 8 elements too (docs/decisions/0009-narrow-merkle-leaves.md).</para>
/// <para>Opening row index i (below H) gives row <c>i >> (log2 H − log2 h)</c> of each matrix of height
/// h, and the sibling of the path node at every level from the leaves up; see
/// <see cref="MerkleVerifier"/>.</para>
/// <para>Memory: the digests take 2H × 32 bytes (64 MB for 2^20 rows) besides the matrices, which are
/// kept by reference and must not change while the tree is in use.</para>
/// </remarks>
public sealed class MerkleTree
{
    /// <summary>Elements hashed per block when several matrices share a height and their rows are gathered.</summary>
    private const int GatherBlockElements = 1 << 18;

    private readonly MatrixView[] _matrices;
    private readonly MatrixDimensions[] _dimensions;
    private readonly Digest[][] _levels;
    private readonly MerkleLayout _layout;

    private MerkleTree(MatrixView[] matrices, MatrixDimensions[] dimensions, MerkleLayout layout, Digest[][] levels)
    {
        _matrices = matrices;
        _dimensions = dimensions;
        _layout = layout;
        _levels = levels;
    }

    /// <summary>The commitment.</summary>
    public Digest Root => _levels[^1][0];

    /// <summary>The tallest height: the number of leaves.</summary>
    public int Height => _layout.Height;

    /// <summary>log2 of <see cref="Height"/>: the number of siblings in an opening.</summary>
    public int Depth => _layout.LogHeight;

    /// <summary>The committed matrices, in the order given.</summary>
    public IReadOnlyList<MatrixView> Matrices => _matrices;

    /// <summary>Their dimensions, in the order given: what a verifier needs.</summary>
    public IReadOnlyList<MatrixDimensions> Dimensions => _dimensions;

    /// <summary>The digests of <paramref name="level"/>: 0 = leaves (<see cref="Height"/> of them), <see cref="Depth"/> = the root.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in 0..Depth.</exception>
    public ReadOnlySpan<Digest> Level(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, Depth);
        return _levels[level];
    }

    /// <summary>Commits to the rows of <paramref name="matrices"/>.</summary>
    /// <exception cref="ArgumentException">
    /// No matrices, more than <see cref="MerkleOpening.MaxMatrices"/>, a height that is not a power of two
    /// (or above 2^30), or a width above <see cref="MerkleOpening.MaxRowWidth"/>.
    /// </exception>
    public static MerkleTree Commit(params ReadOnlySpan<MatrixView> matrices) => Commit(null, matrices);

    /// <summary>Commits to the rows of <paramref name="matrices"/>, taking the digest levels from <paramref name="allocate"/>.</summary>
    /// <param name="allocate">
    /// Null for fresh arrays, or a source of digest arrays of exactly the length asked for, with any
    /// contents (a pool that reuses a previous tree's levels: fresh memory is costly to touch). The tree
    /// keeps them until the caller drops it.
    /// </param>
    /// <param name="matrices">The matrices, in commitment order.</param>
    /// <exception cref="ArgumentException">
    /// No matrices, more than <see cref="MerkleOpening.MaxMatrices"/>, a height that is not a power of two
    /// (or above 2^30), a width above <see cref="MerkleOpening.MaxRowWidth"/>, or an allocated array of the wrong length.
    /// </exception>
    public static MerkleTree Commit(Func<int, Digest[]>? allocate, params ReadOnlySpan<MatrixView> matrices)
    {
        allocate ??= n => GC.AllocateUninitializedArray<Digest>(n);
        var dimensions = new MatrixDimensions[matrices.Length];
        for (var i = 0; i < matrices.Length; i++)
        {
            if (matrices[i].Width == 0)
            {
                throw new ArgumentException($"Matrix {i} is an uninitialised view.", nameof(matrices));
            }

            dimensions[i] = matrices[i].Dimensions;
        }

        if (MerkleLayout.TryCreate(dimensions, out var layout) != MerkleVerificationFailure.None)
        {
            throw new ArgumentException(
                $"Cannot commit to matrices of dimensions [{string.Join(", ", dimensions)}]: there must be 1 to {MerkleOpening.MaxMatrices}, "
                + $"widths at most {MerkleOpening.MaxRowWidth}, heights powers of two up to 2^{MerkleLayout.MaxLogHeight}.",
                nameof(matrices));
        }

        var views = matrices.ToArray();
        var levels = new Digest[layout!.LogHeight + 1][];
        Digest[] Allocate(int length)
        {
            var a = allocate(length);
            return a?.Length == length ? a : throw new ArgumentException($"The allocator gave {a?.Length} digests where {length} were asked for.", nameof(allocate));
        }

        levels[0] = Allocate(layout.Height);
        HashGroup(views, layout.Groups[0], levels[0]);
        Digest[]? injected = null;
        for (var level = 1; level <= layout.LogHeight; level++)
        {
            var nodes = Allocate(layout.Height >> level);
            Poseidon2Compression.CompressPairs(levels[level - 1], nodes);
            if (layout.GroupAt(level) is { } group)
            {
                injected ??= Allocate(nodes.Length);
                var rowDigests = injected.AsSpan(0, nodes.Length);
                HashGroup(views, group, rowDigests);
                Poseidon2Compression.Compress(nodes, rowDigests, nodes);
            }

            levels[level] = nodes;
        }

        return new MerkleTree(views, dimensions, layout, levels);
    }

    /// <summary>Opens row <paramref name="index"/> of the tallest matrices (and the rows above it of the shorter ones).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Height"/>.</exception>
    public MerkleOpening Open(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Height);
        var rows = new BabyBear[_matrices.Length][];
        for (var m = 0; m < _matrices.Length; m++)
        {
            var shift = Depth - int.Log2(_matrices[m].Height);
            rows[m] = _matrices[m].Row(index >> shift).ToArray();
        }

        var siblings = new Digest[Depth];
        for (var level = 0; level < Depth; level++)
        {
            siblings[level] = _levels[level][(index >> level) ^ 1];
        }

        return new MerkleOpening(rows, siblings);
    }

    /// <summary>
    /// Opens many row indices at once (duplicates allowed, any order): see <see cref="MerkleBatchOpening"/>
    /// for the shape, which <see cref="MerkleVerifier.CheckBatch"/> recomputes from the indices.
    /// </summary>
    /// <exception cref="ArgumentException">No indices, or more than <see cref="MerkleBatchOpening.MaxIndices"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not below <see cref="Height"/>.</exception>
    public MerkleBatchOpening OpenBatch(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty || indices.Length > MerkleBatchOpening.MaxIndices)
        {
            throw new ArgumentException($"A batch opens 1 to {MerkleBatchOpening.MaxIndices} indices, not {indices.Length}.", nameof(indices));
        }

        foreach (var index in indices)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Height, nameof(indices));
        }

        var nodes = MerkleBatchShape.SortedDistinct(indices);
        var atLevel = new int[Depth + 1][];
        var siblings = new List<Digest>();
        for (var level = 0; ; level++)
        {
            atLevel[level] = nodes;
            if (level == Depth)
            {
                break;
            }

            for (var k = 0; k < nodes.Length; k++)
            {
                if (k + 1 < nodes.Length && nodes[k + 1] == (nodes[k] ^ 1))
                {
                    k++;
                }
                else
                {
                    siblings.Add(_levels[level][nodes[k] ^ 1]);
                }
            }

            nodes = MerkleBatchShape.Parents(nodes);
        }

        var widths = new int[_matrices.Length];
        var rows = new BabyBear[_matrices.Length][];
        for (var m = 0; m < _matrices.Length; m++)
        {
            var matrix = _matrices[m];
            var level = Depth - int.Log2(matrix.Height);
            widths[m] = matrix.Width;
            var opened = atLevel[level];
            var values = new BabyBear[opened.Length * matrix.Width];
            for (var k = 0; k < opened.Length; k++)
            {
                matrix.Row(opened[k]).CopyTo(values.AsSpan(k * matrix.Width));
            }

            rows[m] = values;
        }

        return new MerkleBatchOpening(widths, rows, [.. siblings]);
    }

    /// <summary>
    /// Writes <c>Leaf(rows_h(j))</c> for every row j of a height group into <paramref name="digests"/>.
    /// A lone matrix is hashed in place; several are gathered block by block into one buffer first,
    /// since the sponge runs over their concatenated rows.
    /// </summary>
    private static void HashGroup(MatrixView[] matrices, HeightGroup group, Span<Digest> digests)
    {
        if (group.Members.Length == 1)
        {
            var m = matrices[group.Members[0]];
            MerkleLeaf.HashRows(m.Values.Span, m.Width, digests);
            return;
        }

        var totalWidth = group.TotalWidth;
        var block = Math.Min(group.Height, Math.Max(16, GatherBlockElements / totalWidth));
        var buffer = ArrayPool<BabyBear>.Shared.Rent(block * totalWidth);
        try
        {
            for (var start = 0; start < group.Height; start += block)
            {
                var n = Math.Min(block, group.Height - start);
                var gathered = buffer.AsSpan(0, n * totalWidth);
                var offset = 0;
                foreach (var member in group.Members)
                {
                    var m = matrices[member];
                    var source = m.Values.Span.Slice(start * m.Width, n * m.Width);
                    for (var r = 0; r < n; r++)
                    {
                        source.Slice(r * m.Width, m.Width).CopyTo(gathered[((r * totalWidth) + offset)..]);
                    }

                    offset += m.Width;
                }

                MerkleLeaf.HashRows(gathered, totalWidth, digests.Slice(start, n));
            }
        }
        finally
        {
            ArrayPool<BabyBear>.Shared.Return(buffer);
        }
    }
}
