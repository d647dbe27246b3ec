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

    /// <summary>Sets page leaves and recomputes the nodes above them, one tree level per batched Poseidon2 call.</summary>
    public void Update(IEnumerable<(uint Page, Digest Leaf)> leaves)
    {
        var level = new List<long>();
        foreach (var (page, leaf) in leaves)
        {
            var id = (1L << Layout.Depth) + page;
            _nodes[id] = leaf;
            level.Add(id);
        }

        for (var h = 0; h < Layout.Depth; h++)
        {
            var parents = level.Select(id => id >> 1).Distinct().ToArray();
            var left = new Digest[parents.Length];
            var right = new Digest[parents.Length];
            for (var i = 0; i < parents.Length; i++)
            {
                left[i] = Get(2 * parents[i]);
                right[i] = Get((2 * parents[i]) + 1);
            }

            Poseidon2Compression.Compress(left, right, left);
            for (var i = 0; i < parents.Length; i++)
            {
                _nodes[parents[i]] = left[i];
            }

            level = [.. parents];
        }
    }

    /// <summary>Hashes the current contents of <paramref name="pages"/> in <paramref name="memory"/> and updates the tree.</summary>
    public void UpdatePages(IReadOnlyList<uint> pages, GuestMemory memory)
    {
        var bytes = new byte[pages.Count * Layout.PageBytes];
        for (var i = 0; i < pages.Count; i++)
        {
            memory.Page(pages[i], Layout).CopyTo(bytes.AsSpan(i * Layout.PageBytes));
        }

        var digests = new Digest[pages.Count];
        StateHasher.HashPages(bytes, Layout.PageBytes, digests);
        Update(pages.Select((p, i) => (p, digests[i])));
    }

    /// <summary>
    /// The sibling digests needed to recompute the root from the leaves of <paramref name="pages"/>,
    /// in the canonical order of <see cref="MultiProof.SiblingIds"/>.
    /// </summary>
    public Digest[] Prove(IReadOnlyList<uint> pages) =>
        [.. MultiProof.SiblingIds(pages, Layout.Depth).Select(Get)];

    private int HeightOf(long node) => Layout.Depth - (63 - (int)long.LeadingZeroCount(node));
}
