using Tessera.Hash;

namespace Tessera.Vm.Memory;

/// <summary>
/// A sparse Merkle tree over pages. Nodes are numbered heap-style (root 1, children 2n and 2n+1,
/// leaf of page p at 2^depth + p); only nodes that differ from the all-zero tree are stored.
/// </summary>
internal sealed class MerkleMemory
{
    private readonly Dictionary<long, Digest> _nodes = [];
    private readonly Digest[] _zero; // _zero[h] = digest of an all-zero subtree of height h

    public MerkleMemory(PageLayout layout)
    {
        Layout = layout;
        _zero = ZeroDigests(layout);
    }

    public PageLayout Layout { get; }

    public Digest Root => Get(1);

    public static Digest[] ZeroDigests(PageLayout layout)
    {
        var zero = new Digest[layout.Depth + 1];
        zero[0] = StateHasher.HashPage(new byte[layout.PageBytes]);
        for (var h = 1; h <= layout.Depth; h++)
        {
            zero[h] = StateHasher.Node(zero[h - 1], zero[h - 1]);
        }

        return zero;
    }

    public Digest Get(long node) => _nodes.TryGetValue(node, out var d) ? d : _zero[HeightOf(node)];

    /// <summary>Sets page leaves and recomputes the nodes above them.</summary>
    public void Update(IEnumerable<(uint Page, Digest Leaf)> leaves)
    {
        var dirty = new HashSet<long>();
        foreach (var (page, leaf) in leaves)
        {
            var id = (1L << Layout.Depth) + page;
            _nodes[id] = leaf;
            dirty.Add(id >> 1);
        }

        for (var level = 0; level < Layout.Depth; level++)
        {
            var next = new HashSet<long>();
            foreach (var id in dirty)
            {
                _nodes[id] = StateHasher.Node(Get(2 * id), Get((2 * id) + 1));
                if (id > 1)
                {
                    next.Add(id >> 1);
                }
            }

            dirty = next;
        }
    }

    /// <summary>
    /// The sibling digests needed to recompute the root from the leaves of <paramref name="pages"/>,
    /// in the canonical order of <see cref="MultiProof.SiblingIds"/>.
    /// </summary>
    public Digest[] Prove(IReadOnlyList<uint> pages) =>
        [.. MultiProof.SiblingIds(pages, Layout.Depth).Select(Get)];

    private int HeightOf(long node) => Layout.Depth - (63 - (int)long.LeadingZeroCount(node));
}
