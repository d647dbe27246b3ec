namespace Tessera.Rollup;

/// <summary>
/// The incremental state tree the block generator keeps to hand out witnesses: only non-empty
/// nodes are stored, per level; an absent node is the empty subtree of its height.
/// </summary>
internal sealed class SparseMerkleTree
{
    private readonly Dictionary<uint, byte[]>[] levels;

    public SparseMerkleTree()
    {
        levels = new Dictionary<uint, byte[]>[RollupFormat.Depth + 1];
        for (var h = 0; h <= RollupFormat.Depth; h++)
        {
            levels[h] = [];
        }
    }

    /// <summary>EmptyNodes[h] is the root of an empty subtree of height h.</summary>
    public static byte[][] EmptyNodes { get; } = MakeEmpty();

    public byte[] Root => Node(RollupFormat.Depth, 0);

    private static byte[][] MakeEmpty()
    {
        var e = new byte[RollupFormat.Depth + 1][];
        e[0] = new byte[32];
        for (var h = 0; h < RollupFormat.Depth; h++)
        {
            e[h + 1] = Keccak.Node(e[h], e[h]);
        }

        return e;
    }

    private byte[] Node(int height, uint index) =>
        levels[height].TryGetValue(index, out var v) ? v : EmptyNodes[height];

    public void SetLeaf(uint index, byte[] leaf)
    {
        levels[0][index] = leaf;
        var node = leaf;
        for (var h = 0; h < RollupFormat.Depth; h++)
        {
            var sibling = Node(h, index ^ 1);
            node = (index & 1) == 0 ? Keccak.Node(node, sibling) : Keccak.Node(sibling, node);
            index >>= 1;
            levels[h + 1][index] = node;
        }
    }

    /// <summary>Writes the Depth siblings of leaf <paramref name="index"/>, leaf level first.</summary>
    public void Siblings(uint index, Span<byte> destination)
    {
        for (var h = 0; h < RollupFormat.Depth; h++)
        {
            Node(h, index ^ 1).CopyTo(destination[(32 * h)..]);
            index >>= 1;
        }
    }
}
