using Tessera.Stark.Air;
using Tessera.Vm.Memory;

namespace Tessera.Circuit.Paging;

/// <summary>The Merkle table's columns: one row per tree node on the touched pages' paths (shared nodes once).</summary>
internal static class MerkleColumns
{
    private static readonly ColumnAllocator Columns = new();

    /// <summary>1 on a node's row, 0 on padding.</summary>
    public static readonly int Real = Columns.One();

    /// <summary>The node's id: the root is 1, the children of n are 2n and 2n + 1, page p's leaf is 2^depth + p.</summary>
    public static readonly int Id = Columns.One();

    /// <summary>Bytes of id − 1, the top one below 2^(depth − 16): 1 ≤ id ≤ 2^depth, so ids never wrap.</summary>
    public static readonly ColumnRange IdDigits = Columns.Many(3);

    /// <summary>1 when the left child is a node or leaf received on the Merkle bus, 0 when it is a multi-proof sibling.</summary>
    public static readonly int LeftOnPath = Columns.One();

    /// <summary>As <see cref="LeftOnPath"/>, for the right child.</summary>
    public static readonly int RightOnPath = Columns.One();

    /// <summary>The left child's digest in the pre-state tree.</summary>
    public static readonly ColumnRange LeftPre = Columns.Many(8);

    /// <summary>The right child's digest in the pre-state tree.</summary>
    public static readonly ColumnRange RightPre = Columns.Many(8);

    /// <summary>The left child's digest in the post-state tree.</summary>
    public static readonly ColumnRange LeftPost = Columns.Many(8);

    /// <summary>The right child's digest in the post-state tree.</summary>
    public static readonly ColumnRange RightPost = Columns.Many(8);

    /// <summary>Poseidon2(left pre ‖ right pre); [0..8] is the node's pre digest.</summary>
    public static readonly ColumnRange PreOut = Columns.Many(16);

    /// <summary>Poseidon2(left post ‖ right post); [0..8] is the node's post digest.</summary>
    public static readonly ColumnRange PostOut = Columns.Many(16);

    /// <summary>Number of columns.</summary>
    public static int Width { get; } = Columns.Count;
}

/// <summary>
/// Computes the pre- and post-state memory roots from the pages' leaves and the multi-proof's
/// siblings. Each row is a node n: it receives its children (2n, pre, post) and (2n + 1, pre, post)
/// on <see cref="PagingTables.MerkleBus"/> (a child off every path is a sibling instead: a free
/// digest whose pre and post values are equal), compresses both pairs by Poseidon2 lookups, and
/// sends (n, pre, post). The registers table receives the root (1, pre root, post root) once.
/// </summary>
/// <remarks>
/// Ids are range-checked to [1, 2^depth], so a row's children are the integers 2n and 2n + 1 and
/// the parent of every sent id k is ⌊k/2⌋. The bus then forces at most one row per id: the root is
/// received once, and a node's two children are received once each, by induction from the root
/// down; so no node is invented, consumed twice, or placed off its page's path.
/// Rows per touched page: at most depth (28 − page shift), fewer where paths share nodes.
/// </remarks>
internal sealed class MerkleAir : IAir
{
    private readonly PageLayout _layout;

    /// <summary>Creates the table for <paramref name="layout"/>.</summary>
    public MerkleAir(PageLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
    }

    /// <inheritdoc />
    public string Name => "paging.merkle";

    /// <inheritdoc />
    public int Width => MerkleColumns.Width;

    /// <inheritdoc />
    public void Eval(AirBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var depth = _layout.Depth;
        var real = b.Main(MerkleColumns.Real);
        var id = b.Main(MerkleColumns.Id);
        var left = b.Main(MerkleColumns.LeftOnPath);
        var right = b.Main(MerkleColumns.RightOnPath);
        b.AssertBool("real is boolean", real);
        b.AssertBool("left on path is boolean", left);
        b.AssertBool("right on path is boolean", right);
        b.AssertZero("padding receives no left child", left * (1 - real));
        b.AssertZero("padding receives no right child", right * (1 - real));
        var digits = b.Main(MerkleColumns.IdDigits);
        b.AssertZero("the id is its digits", real * (id - 1 - AirExprs.Compose(digits)));

        var leftPre = b.Main(MerkleColumns.LeftPre);
        var rightPre = b.Main(MerkleColumns.RightPre);
        var leftPost = b.Main(MerkleColumns.LeftPost);
        var rightPost = b.Main(MerkleColumns.RightPost);
        for (var k = 0; k < 8; k++)
        {
            b.AssertZero("a left sibling is unchanged", (real - left) * (leftPost[k] - leftPre[k]));
            b.AssertZero("a right sibling is unchanged", (real - right) * (rightPost[k] - rightPre[k]));
        }

        var preOut = b.Main(MerkleColumns.PreOut);
        var postOut = b.Main(MerkleColumns.PostOut);
        b.Receive(PagingTables.MerkleBus, left, [2 * id, .. leftPre, .. leftPost]);
        b.Receive(PagingTables.MerkleBus, right, [(2 * id) + 1, .. rightPre, .. rightPost]);
        b.Permutation(real, [.. leftPre, .. rightPre], preOut);
        b.Permutation(real, [.. leftPost, .. rightPost], postOut);
        b.Send(PagingTables.MerkleBus, real, [id, .. preOut[..8], .. postOut[..8]]);
        b.Range(real, digits[0], digits[1]);
        b.Range(real, digits[2], digits[2] * (1 << (24 - depth)));
    }
}
