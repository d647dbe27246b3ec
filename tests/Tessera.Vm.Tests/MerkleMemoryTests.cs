using Tessera.Hash;
using Tessera.Vm.Memory;

namespace Tessera.Vm.Tests;

public class MerkleMemoryTests
{
    private static readonly PageLayout Layout = new(12);

    /// <summary>Naive recursive root over the whole tree: zero subtrees where no page is set.</summary>
    private static Digest NaiveRoot(Dictionary<uint, byte[]> pages)
    {
        var zero = new Digest[Layout.Depth + 1];
        zero[0] = StateHasher.HashPage(new byte[Layout.PageBytes]);
        for (var h = 1; h <= Layout.Depth; h++)
        {
            zero[h] = StateHasher.Node(zero[h - 1], zero[h - 1]);
        }

        Digest Rec(long first, int height)
        {
            var count = 1L << height;
            if (!pages.Keys.Any(p => p >= first && p < first + count))
            {
                return zero[height];
            }

            return height == 0 ? StateHasher.HashPage(pages[(uint)first]) : StateHasher.Node(Rec(first, height - 1), Rec(first + (count / 2), height - 1));
        }

        return Rec(0, Layout.Depth);
    }

    [Fact]
    public void BatchedUpdatesMatchANaiveTreeAndMultiProofsReachTheRoot()
    {
        var rng = new Random(5);
        var pages = new Dictionary<uint, byte[]>();
        foreach (var p in new uint[] { 16, 17, 40, 41, 42, 1000, 65535 })
        {
            var b = new byte[Layout.PageBytes];
            rng.NextBytes(b);
            pages[p] = b;
        }

        var tree = new MerkleMemory(Layout);
        var bytes = pages.Values.SelectMany(b => b).ToArray();
        var digests = new Digest[pages.Count];
        StateHasher.HashPages(bytes, Layout.PageBytes, digests);
        Assert.Equal(StateHasher.HashPage(pages[16]), digests[0]);
        tree.Update(pages.Keys.Select((p, i) => (p, digests[i])));
        Assert.Equal(NaiveRoot(pages), tree.Root);

        uint[] opened = [17, 40, 500, 65535];
        var proof = tree.Prove(opened);
        var leaves = opened.ToDictionary(p => p, p => pages.TryGetValue(p, out var b) ? StateHasher.HashPage(b) : StateHasher.HashPage(new byte[Layout.PageBytes]));
        Assert.Equal(tree.Root, MultiProof.Root(leaves, proof, Layout.Depth));
        leaves[40] = StateHasher.HashPage(new byte[Layout.PageBytes]);
        Assert.NotEqual(tree.Root, MultiProof.Root(leaves, proof, Layout.Depth));
    }
}
