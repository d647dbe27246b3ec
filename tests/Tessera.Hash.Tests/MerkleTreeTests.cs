using Tessera.Field;
using Tessera.Hash.Merkle;

namespace Tessera.Hash.Tests;

public class MerkleTreeTests
{
    [Fact]
    public void Root_matches_a_naive_recursive_recomputation_with_the_reference_permutation()
    {
        var dims = MerkleTestMatrices.Mixed;
        var matrices = MerkleTestMatrices.Random(1, dims);
        var tree = MerkleTree.Commit(matrices);
        var expected = NaiveNode(matrices, 1, 0);
        Assert.Equal(expected, TestData.Canonical(tree.Root.ToArray()));
    }

    [Fact]
    public void Digest_levels_from_an_allocator_of_dirty_arrays_give_the_same_tree()
    {
        var matrices = MerkleTestMatrices.Random(2, MerkleTestMatrices.Mixed);
        var fresh = MerkleTree.Commit(matrices);
        var given = new List<Digest[]>();
        var dirty = MerkleTree.Commit(
            n =>
            {
                var a = Enumerable.Repeat(fresh.Root, n).ToArray();
                given.Add(a);
                return a;
            },
            matrices);
        Assert.Equal(fresh.Root, dirty.Root);
        Assert.Equal(NaiveNode(matrices, 1, 0), TestData.Canonical(dirty.Root.ToArray()));
        Assert.Contains(given, a => a.Length == fresh.Height);
        for (var i = 0; i < fresh.Height; i++)
        {
            Assert.Equal(fresh.Open(i).Siblings.ToArray(), dirty.Open(i).Siblings.ToArray());
        }

        Assert.Throws<ArgumentException>(() => MerkleTree.Commit(n => new Digest[n + 1], matrices));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 8)]
    [InlineData(4, 7)]
    [InlineData(64, 9)]
    public void Single_matrix_root_matches_naive(int height, int width)
    {
        var matrices = MerkleTestMatrices.Random(height + width, new MatrixDimensions(width, height));
        var tree = MerkleTree.Commit(matrices);
        Assert.Equal(NaiveNode(matrices, 1, 0), TestData.Canonical(tree.Root.ToArray()));
        Assert.Equal(int.Log2(height), tree.Depth);
    }

    [Fact]
    public void Leaves_of_a_shared_height_hash_the_concatenated_rows_across_gather_blocks()
    {
        // 2^12 rows of 64 + 64 columns are gathered in several blocks before hashing.
        var matrices = MerkleTestMatrices.Random(2, new MatrixDimensions(64, 1 << 12), new MatrixDimensions(64, 1 << 12));
        var tree = MerkleTree.Commit(matrices);
        var leaves = tree.Level(0);
        for (var i = 0; i < leaves.Length; i++)
        {
            var expected = Poseidon2Sponge.Hash([.. matrices[0].Row(i), .. matrices[1].Row(i)]);
            Assert.Equal(expected, leaves[i]);
        }
    }

    [Fact]
    public void A_row_that_fits_in_a_digest_is_its_own_leaf_and_a_wider_one_is_sponged()
    {
        var narrow = MerkleTestMatrices.Random(7, new MatrixDimensions(4, 1 << 6))[0];
        var full = MerkleTestMatrices.Random(8, new MatrixDimensions(8, 1 << 6))[0];
        var wide = MerkleTestMatrices.Random(9, new MatrixDimensions(9, 1 << 6))[0];
        for (var i = 0; i < 1 << 6; i++)
        {
            Assert.Equal([.. narrow.Row(i), .. new BabyBear[4]], MerkleTree.Commit(narrow).Level(0)[i].ToArray());
            Assert.Equal(full.Row(i).ToArray(), MerkleTree.Commit(full).Level(0)[i].ToArray());
            Assert.Equal(Poseidon2Sponge.Hash(wide.Row(i)), MerkleTree.Commit(wide).Level(0)[i]);
        }

        // Two narrow matrices of one height are one row of 8: their concatenation is the leaf.
        var pair = MerkleTestMatrices.Random(10, new MatrixDimensions(3, 1 << 4), new MatrixDimensions(5, 1 << 4));
        var leaves = MerkleTree.Commit(pair).Level(0);
        for (var i = 0; i < 1 << 4; i++)
        {
            Assert.Equal([.. pair[0].Row(i), .. pair[1].Row(i)], leaves[i].ToArray());
        }
    }

    [Fact]
    public void A_narrow_row_opened_with_its_padding_or_moved_between_matrices_is_rejected()
    {
        // The cheat the padding invites: claim the padded digest as a wider row, or split the same
        // eight elements differently between two matrices of one height. The dimensions fix widths.
        var dims = new[] { new MatrixDimensions(3, 1 << 4), new MatrixDimensions(5, 1 << 4) };
        var tree = MerkleTree.Commit(MerkleTestMatrices.Random(11, dims));
        var opening = tree.Open(5);
        var rows = MerkleTestMatrices.Rows(opening);
        var padded = new MerkleOpening([[.. rows[0], BabyBear.Zero], rows[1]], opening.Siblings);
        Assert.Equal(MerkleVerificationFailure.WrongRowWidth, MerkleVerifier.Check(tree.Root, dims, 5, padded));
        var moved = new MerkleOpening([[.. rows[0], rows[1][0]], rows[1][1..]], opening.Siblings);
        Assert.Equal(MerkleVerificationFailure.WrongRowWidth, MerkleVerifier.Check(tree.Root, dims, 5, moved));
        var tampered = new MerkleOpening([rows[0], [.. rows[1][..4], rows[1][4] + BabyBear.One]], opening.Siblings);
        Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.Check(tree.Root, dims, 5, tampered));
    }

    [Fact]
    public void Every_index_of_a_mixed_height_tree_opens_and_verifies()
    {
        var dims = MerkleTestMatrices.Mixed;
        var matrices = MerkleTestMatrices.Random(3, dims);
        var tree = MerkleTree.Commit(matrices);
        Assert.Equal(1 << 10, tree.Height);
        for (var index = 0; index < tree.Height; index++)
        {
            var opening = tree.Open(index);
            Assert.Equal(MerkleVerificationFailure.None, MerkleVerifier.Check(tree.Root, dims, index, opening));
            for (var m = 0; m < dims.Length; m++)
            {
                var row = index >> (10 - int.Log2(dims[m].Height));
                Assert.Equal(matrices[m].Row(row).ToArray(), opening.Rows[m].ToArray());
            }
        }
    }

    [Fact]
    public void Small_trees_open_at_every_index()
    {
        MatrixDimensions[][] shapes =
        [
            [new(1, 1)],
            [new(3, 2), new(4, 1)],
            [new(8, 4), new(8, 4)],
            [new(2, 1), new(5, 16), new(1, 2)],
        ];
        var seed = 10;
        foreach (var dims in shapes)
        {
            var tree = MerkleTree.Commit(MerkleTestMatrices.Random(seed++, dims));
            for (var index = 0; index < tree.Height; index++)
            {
                MerkleVerifier.Verify(tree.Root, dims, index, tree.Open(index));
            }
        }
    }

    [Fact]
    public void A_tampered_value_in_any_opened_row_is_rejected()
    {
        var (tree, dims) = MixedTree(4);
        var opening = tree.Open(777);
        for (var m = 0; m < dims.Length; m++)
        {
            for (var j = 0; j < dims[m].Width; j++)
            {
                var rows = MerkleTestMatrices.Rows(opening);
                rows[m][j] += BabyBear.One;
                var tampered = new MerkleOpening(rows, opening.Siblings);
                Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.Check(tree.Root, dims, 777, tampered));
            }
        }
    }

    [Fact]
    public void A_tampered_sibling_at_any_level_is_rejected()
    {
        var (tree, dims) = MixedTree(5);
        var opening = tree.Open(300);
        for (var level = 0; level < opening.Siblings.Length; level++)
        {
            var siblings = opening.Siblings.ToArray();
            var elements = siblings[level].ToArray();
            elements[level % Digest.Length] += BabyBear.One;
            siblings[level] = new Digest(elements);
            var tampered = new MerkleOpening(MerkleTestMatrices.Rows(opening), siblings);
            Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.Check(tree.Root, dims, 300, tampered));
        }
    }

    [Fact]
    public void An_opening_checked_at_another_index_is_rejected()
    {
        var (tree, dims) = MixedTree(6);
        var opening = tree.Open(512);
        foreach (var other in new[] { 513, 0, 511, 1023, 256 })
        {
            Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.Check(tree.Root, dims, other, opening));
        }

        Assert.Equal(MerkleVerificationFailure.IndexOutOfRange, MerkleVerifier.Check(tree.Root, dims, -1, opening));
        Assert.Equal(MerkleVerificationFailure.IndexOutOfRange, MerkleVerifier.Check(tree.Root, dims, 1024, opening));
    }

    [Fact]
    public void A_wrong_root_is_rejected_and_Verify_throws_with_the_reason()
    {
        var (tree, dims) = MixedTree(7);
        var other = MerkleTree.Commit(MerkleTestMatrices.Random(8, dims));
        var opening = tree.Open(9);
        Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.Check(other.Root, dims, 9, opening));
        var e = Assert.Throws<MerkleVerificationException>(() => MerkleVerifier.Verify(other.Root, dims, 9, opening));
        Assert.Equal(MerkleVerificationFailure.RootMismatch, e.Reason);
    }

    [Fact]
    public void Wrong_dimensions_are_rejected_with_their_reason()
    {
        var (tree, dims) = MixedTree(9);
        var opening = tree.Open(100);
        var root = tree.Root;

        MerkleVerificationFailure With(Func<MatrixDimensions[], MatrixDimensions[]> change) =>
            MerkleVerifier.Check(root, change([.. dims]), 100, opening);

        // The two height-2^8 matrices swapped: widths no longer match the rows.
        Assert.Equal(MerkleVerificationFailure.WrongRowWidth, With(d => [d[4], d[1], d[2], d[3], d[0]]));

        // A shorter matrix claimed one level taller: same rows and path length, different tree.
        Assert.Equal(MerkleVerificationFailure.RootMismatch, With(d => { d[3] = d[3] with { Height = 16 }; return d; }));

        // Tallest height halved: one sibling too many.
        Assert.Equal(MerkleVerificationFailure.WrongPathLength, With(d => { d[1] = d[1] with { Height = 256 }; return d; }));

        Assert.Equal(MerkleVerificationFailure.WrongRowCount, With(d => d[..4]));
        Assert.Equal(MerkleVerificationFailure.InvalidDimensions, With(d => { d[0] = d[0] with { Height = 255 }; return d; }));
        Assert.Equal(MerkleVerificationFailure.InvalidDimensions, With(d => { d[0] = d[0] with { Width = 0 }; return d; }));
        Assert.Equal(MerkleVerificationFailure.InvalidDimensions, With(d => { d[0] = d[0] with { Height = -4 }; return d; }));
        Assert.Equal(MerkleVerificationFailure.InvalidDimensions, With(d => { d[1] = d[1] with { Height = 1 << 31 }; return d; }));
        Assert.Equal(MerkleVerificationFailure.InvalidDimensions, With(_ => []));
    }

    [Fact]
    public void Path_of_the_wrong_length_is_rejected()
    {
        var (tree, dims) = MixedTree(11);
        var opening = tree.Open(5);
        var rows = MerkleTestMatrices.Rows(opening);
        var shorter = new MerkleOpening(rows, opening.Siblings[..^1]);
        var longer = new MerkleOpening(rows, [.. opening.Siblings, Digest.Zero]);
        Assert.Equal(MerkleVerificationFailure.WrongPathLength, MerkleVerifier.Check(tree.Root, dims, 5, shorter));
        Assert.Equal(MerkleVerificationFailure.WrongPathLength, MerkleVerifier.Check(tree.Root, dims, 5, longer));
    }

    [Fact]
    public void The_order_of_matrices_of_one_height_is_committed()
    {
        var matrices = MerkleTestMatrices.Random(12, new MatrixDimensions(4, 8), new MatrixDimensions(4, 8));
        Assert.NotEqual(MerkleTree.Commit(matrices).Root, MerkleTree.Commit(matrices[1], matrices[0]).Root);
    }

    [Fact]
    public void Commit_rejects_shapes_a_tree_cannot_hold()
    {
        var rng = new Random(13);
        Assert.Throws<ArgumentException>(() => MerkleTree.Commit());
        Assert.Throws<ArgumentException>(() => MerkleTree.Commit(new MatrixView(TestData.RandomElements(rng, 12), 4)));
        Assert.Throws<ArgumentException>(() => MerkleTree.Commit(default(MatrixView)));
        Assert.Throws<ArgumentException>(() => new MatrixView(TestData.RandomElements(rng, 10), 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => MerkleTree.Commit(new MatrixView(TestData.RandomElements(rng, 4), 4)).Open(1));
    }

    private static (MerkleTree Tree, MatrixDimensions[] Dims) MixedTree(int seed)
    {
        var dims = MerkleTestMatrices.Mixed;
        return (MerkleTree.Commit(MerkleTestMatrices.Random(seed, dims)), dims);
    }

    /// <summary>
    /// Node j of the level with <paramref name="size"/> nodes, straight from the documented rule, with
    /// the reference permutation: leaves are the tallest rows (padded when at most 8 elements, else hashed); above, compress the two children and,
    /// where matrices have this height, compress again with the hash of their rows.
    /// </summary>
    private static ulong[] NaiveNode(MatrixView[] matrices, int size, int j)
    {
        var tallest = matrices.Max(m => m.Height);
        var rows = matrices.Where(m => m.Height == size).SelectMany(m => m.Row(j).ToArray()).ToArray();
        if (size == tallest)
        {
            return Leaf(rows);
        }

        var left = NaiveNode(matrices, 2 * size, 2 * j);
        var right = NaiveNode(matrices, 2 * size, (2 * j) + 1);
        var node = ReferencePoseidon2.Width16.Permute([.. left, .. right])[..8];
        return rows.Length == 0
            ? node
            : ReferencePoseidon2.Width16.Permute([.. node, .. Leaf(rows)])[..8];
    }

    // A row of at most 8 elements is its own digest, zero-padded; a wider one is sponged.
    private static ulong[] Leaf(BabyBear[] rows) =>
        rows.Length <= 8 ? [.. TestData.Canonical(rows), .. new ulong[8 - rows.Length]] : ReferencePoseidon2.Width16.Sponge(TestData.Canonical(rows));
}
