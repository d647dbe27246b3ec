using CsCheck;

using Tessera.Field;
using Tessera.Hash.Merkle;

namespace Tessera.Hash.Tests;

public class MerkleBatchOpeningTests
{
    private static readonly MatrixDimensions[] Dims = MerkleTestMatrices.Mixed;

    [Theory]
    [InlineData(new[] { 777 })]
    [InlineData(new[] { 4, 5 })] // siblings of each other: no digest at the leaves
    [InlineData(new[] { 5, 4, 5, 5, 4 })] // duplicates and any order
    [InlineData(new[] { 0, 1, 2, 3, 1023, 1022, 512 })]
    [InlineData(new[] { 0, 1023 })]
    public void A_batch_holds_each_distinct_row_once_and_verifies(int[] indices)
    {
        var matrices = MerkleTestMatrices.Random(1, Dims);
        var tree = MerkleTree.Commit(matrices);
        var batch = tree.OpenBatch(indices);
        Assert.Equal(MerkleVerificationFailure.None, MerkleVerifier.CheckBatch(tree.Root, Dims, indices, batch));

        // Rows against single openings: each matrix holds its rows at the distinct nodes of its level, ascending.
        for (var m = 0; m < Dims.Length; m++)
        {
            var shift = 10 - int.Log2(Dims[m].Height);
            var nodes = indices.Select(i => i >> shift).Distinct().Order().ToArray();
            Assert.Equal(nodes.Length, batch.RowCount(m));
            for (var k = 0; k < nodes.Length; k++)
            {
                var index = Array.Find(indices, i => i >> shift == nodes[k]);
                Assert.Equal(tree.Open(index).Rows[m].ToArray(), batch.Row(m, k).ToArray());
            }
        }

        Assert.Equal(ExpectedSiblingCount(indices, 10), batch.Siblings.Length);
    }

    [Fact]
    public void Siblings_are_only_those_the_verifier_cannot_compute()
    {
        var tree = MerkleTree.Commit(MerkleTestMatrices.Random(2, Dims));

        // One index: exactly its single-opening path.
        Assert.Equal(tree.Open(300).Siblings.ToArray(), tree.OpenBatch([300]).Siblings.ToArray());

        // All leaves: nothing to send.
        Assert.Empty(tree.OpenBatch([.. Enumerable.Range(0, 1024)]).Siblings.ToArray());

        // Two neighbours share their whole path above the leaves.
        var pair = tree.OpenBatch([6, 7]);
        Assert.Equal(tree.Open(6).Siblings[1..].ToArray(), pair.Siblings.ToArray());
    }

    [Fact]
    public void Every_tamper_is_rejected()
    {
        int[] indices = [3, 100, 101, 640, 1000];
        var tree = MerkleTree.Commit(MerkleTestMatrices.Random(3, Dims));
        var batch = tree.OpenBatch(indices);
        var root = tree.Root;

        for (var m = 0; m < Dims.Length; m++)
        {
            for (var j = 0; j < batch.Rows(m).Length; j++)
            {
                var rows = RowsOf(batch);
                rows[m][j] += BabyBear.One;
                Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.CheckBatch(root, Dims, indices, Rebuild(batch, rows, batch.Siblings)));
            }
        }

        for (var s = 0; s < batch.Siblings.Length; s++)
        {
            var siblings = batch.Siblings.ToArray();
            var e = siblings[s].ToArray();
            e[s % Digest.Length] += BabyBear.One;
            siblings[s] = new Digest(e);
            Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.CheckBatch(root, Dims, indices, Rebuild(batch, RowsOf(batch), siblings)));
        }

        // Another index set of the same shape, a wrong root, missing or extra siblings, missing or extra rows.
        Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.CheckBatch(root, Dims, [2, 100, 101, 640, 1000], batch));
        Assert.NotEqual(MerkleVerificationFailure.None, MerkleVerifier.CheckBatch(root, Dims, [3, 100, 640, 1000], batch));
        Assert.Equal(MerkleVerificationFailure.RootMismatch, MerkleVerifier.CheckBatch(Digest.Zero, Dims, indices, batch));
        Assert.Equal(MerkleVerificationFailure.WrongPathLength,
            MerkleVerifier.CheckBatch(root, Dims, indices, Rebuild(batch, RowsOf(batch), batch.Siblings[..^1])));
        Assert.Equal(MerkleVerificationFailure.WrongPathLength,
            MerkleVerifier.CheckBatch(root, Dims, indices, Rebuild(batch, RowsOf(batch), [.. batch.Siblings, Digest.Zero])));
        var fewer = RowsOf(batch);
        fewer[1] = fewer[1][..^Dims[1].Width];
        Assert.Equal(MerkleVerificationFailure.WrongBatchShape, MerkleVerifier.CheckBatch(root, Dims, indices, Rebuild(batch, fewer, batch.Siblings)));
        Assert.Equal(MerkleVerificationFailure.IndexOutOfRange, MerkleVerifier.CheckBatch(root, Dims, [3, 1024], batch));
        Assert.Equal(MerkleVerificationFailure.IndexOutOfRange, MerkleVerifier.CheckBatch(root, Dims, [-1], batch));
        Assert.Equal(MerkleVerificationFailure.IndexOutOfRange, MerkleVerifier.CheckBatch(root, Dims, [], batch));
        Assert.Equal(MerkleVerificationFailure.WrongRowWidth, MerkleVerifier.CheckBatch(root, [Dims[4], Dims[1], Dims[2], Dims[3], Dims[0]], indices, batch));
        Assert.Equal(MerkleVerificationFailure.WrongRowCount, MerkleVerifier.CheckBatch(root, Dims[..4], indices, batch));
        Assert.Throws<MerkleVerificationException>(() => MerkleVerifier.VerifyBatch(Digest.Zero, Dims, indices, batch));
    }

    [Fact]
    public void Encoding_round_trips_and_rejects_truncation_trailing_bytes_and_oversized_counts()
    {
        var tree = MerkleTree.Commit(MerkleTestMatrices.Random(4, Dims));
        int[] indices = [9, 10, 500];
        var bytes = tree.OpenBatch(indices).ToBytes();
        var back = MerkleBatchOpening.FromBytes(bytes, maxRows: 3);
        Assert.Equal(bytes, back.ToBytes());
        Assert.Equal(MerkleVerificationFailure.None, MerkleVerifier.CheckBatch(tree.Root, Dims, indices, back));

        for (var cut = 0; cut < bytes.Length; cut += 7)
        {
            Assert.Throws<MerkleFormatException>(() => MerkleBatchOpening.FromBytes(bytes.AsSpan(0, cut)));
        }

        Assert.Throws<MerkleFormatException>(() => MerkleBatchOpening.FromBytes([.. bytes, 0]));

        // A cap below the rows held, and a row count far beyond the bytes, are refused before allocating.
        Assert.Throws<MerkleFormatException>(() => MerkleBatchOpening.FromBytes(bytes, maxRows: 2));
        var huge = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(huge.AsSpan(8), 0x3FFFu);
        Assert.Throws<MerkleFormatException>(() => MerkleBatchOpening.FromBytes(huge));
        var nonCanonical = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(nonCanonical.AsSpan(12), BabyBear.Modulus);
        Assert.Throws<MerkleFormatException>(() => MerkleBatchOpening.FromBytes(nonCanonical));
    }

    [Fact]
    public void Random_single_byte_mutations_never_verify_and_never_throw_another_exception()
    {
        var tree = MerkleTree.Commit(MerkleTestMatrices.Random(5, Dims));
        int[] indices = [1, 2, 3, 700];
        var bytes = tree.OpenBatch(indices).ToBytes();
        var rng = new Random(5);
        for (var trial = 0; trial < 300; trial++)
        {
            var mutated = (byte[])bytes.Clone();
            var at = rng.Next(mutated.Length);
            mutated[at] ^= (byte)rng.Next(1, 256);
            MerkleBatchOpening decoded;
            try
            {
                decoded = MerkleBatchOpening.FromBytes(mutated, maxRows: 4);
            }
            catch (MerkleFormatException)
            {
                continue;
            }

            Assert.NotEqual(MerkleVerificationFailure.None, MerkleVerifier.CheckBatch(tree.Root, Dims, indices, decoded));
        }
    }

    [Fact]
    public void Random_index_sets_open_and_verify_and_match_single_openings() =>
        Gen.Select(Gen.Int[0, 1023].Array[1, 40], Gen.Int[0, 1000]).Sample(t =>
        {
            var (indices, seed) = t;
            var dims = new MatrixDimensions[] { new(3, 1 << 10), new(2, 1 << (seed % 11)), new(4, 1 << 10) };
            var matrices = MerkleTestMatrices.Random(seed, dims);
            var tree = MerkleTree.Commit(matrices);
            var batch = tree.OpenBatch(indices);
            Assert.Equal(MerkleVerificationFailure.None, MerkleVerifier.CheckBatch(tree.Root, dims, indices, batch));
            Assert.Equal(ExpectedSiblingCount(indices, 10), batch.Siblings.Length);
            var distinct = indices.Distinct().Order().ToArray();
            for (var k = 0; k < distinct.Length; k++)
            {
                Assert.Equal(matrices[0].Row(distinct[k]).ToArray(), batch.Row(0, k).ToArray());
                Assert.Equal(matrices[2].Row(distinct[k]).ToArray(), batch.Row(2, k).ToArray());
            }

            if (batch.Siblings.Length > 0)
            {
                var siblings = batch.Siblings.ToArray();
                siblings[seed % siblings.Length] = Digest.Zero;
                Assert.NotEqual(MerkleVerificationFailure.None,
                    MerkleVerifier.CheckBatch(tree.Root, dims, indices, Rebuild(batch, RowsOf(batch), siblings)));
            }
        }, iter: 60);

    [Fact]
    public void OpenBatch_rejects_bad_indices()
    {
        var tree = MerkleTree.Commit(MerkleTestMatrices.Random(6, Dims));
        Assert.Throws<ArgumentException>(() => tree.OpenBatch([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.OpenBatch([1024]));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.OpenBatch([-1]));
    }

    /// <summary>Independent count: at each level, nodes whose partner is not opened, then parents.</summary>
    private static int ExpectedSiblingCount(int[] indices, int depth)
    {
        var set = new HashSet<int>(indices);
        var count = 0;
        for (var level = 0; level < depth; level++)
        {
            count += set.Count(i => !set.Contains(i ^ 1));
            set = [.. set.Select(i => i >> 1)];
        }

        return count;
    }

    private static BabyBear[][] RowsOf(MerkleBatchOpening b) => [.. Enumerable.Range(0, b.MatrixCount).Select(m => b.Rows(m).ToArray())];

    private static MerkleBatchOpening Rebuild(MerkleBatchOpening b, BabyBear[][] rows, ReadOnlySpan<Digest> siblings) =>
        new([.. Enumerable.Range(0, b.MatrixCount).Select(b.Width)], rows, siblings);
}
