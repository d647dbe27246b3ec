namespace Tessera.Rollup.Tests;

public class StateTreeTests
{
    private static Account RandomAccount(Random rng)
    {
        var pk = new byte[32];
        rng.NextBytes(pk);
        return new Account((ulong)rng.NextInt64(), (ulong)rng.Next(), pk);
    }

    // The root by the definition: fold the leaf up with the sibling subtrees, computed naively.
    private static byte[] NaiveRootOfOne(uint id, Account a)
    {
        var node = a.LeafHash();
        var empty = new byte[32];
        for (var h = 0; h < RollupFormat.Depth; h++)
        {
            node = ((id >> h) & 1) == 0 ? Keccak.Node(node, empty) : Keccak.Node(empty, node);
            empty = Keccak.Node(empty, empty);
        }

        return node;
    }

    [Fact]
    public void Root_of_one_account_matches_the_definition()
    {
        var rng = new Random(3);
        foreach (var id in new uint[] { 0, 1, 0x800000, 0xFFFFFF, (uint)rng.Next(1 << 24) })
        {
            var a = RandomAccount(rng);
            var state = new Dictionary<uint, Account> { [id] = a };
            Assert.Equal(NaiveRootOfOne(id, a), ReferenceTransition.Root(state));
        }
    }

    [Fact]
    public void Empty_accounts_do_not_change_the_root()
    {
        var rng = new Random(4);
        var a = RandomAccount(rng);
        var with = new Dictionary<uint, Account> { [5] = a, [9] = Account.Empty };
        var without = new Dictionary<uint, Account> { [5] = a };
        Assert.Equal(ReferenceTransition.Root(without), ReferenceTransition.Root(with));
    }

    [Fact]
    public void Incremental_tree_and_top_down_root_agree_and_witnesses_fold_to_the_root()
    {
        var rng = new Random(5);
        var tree = new SparseMerkleTree();
        var state = new Dictionary<uint, Account>();
        for (var i = 0; i < 300; i++)
        {
            var id = i % 3 == 0 ? (uint)rng.Next(64) : (uint)rng.Next(1 << 24); // force shared paths
            var a = RandomAccount(rng);
            state[id] = a;
            tree.SetLeaf(id, a.LeafHash());
        }

        Assert.Equal(ReferenceTransition.Root(state), tree.Root);
        var siblings = new byte[32 * RollupFormat.Depth];
        foreach (var (id, a) in state.Take(20))
        {
            tree.Siblings(id, siblings);
            var node = a.LeafHash();
            for (var h = 0; h < RollupFormat.Depth; h++)
            {
                var s = siblings.AsSpan(32 * h, 32);
                node = ((id >> h) & 1) == 0 ? Keccak.Node(node, s) : Keccak.Node(s, node);
            }

            Assert.Equal(tree.Root, node);
        }
    }

    [Fact]
    public void Ids_beyond_the_tree_are_refused()
    {
        var state = new Dictionary<uint, Account> { [1u << 24] = new Account(1, 0, new byte[32]) };
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceTransition.Root(state));
    }
}
