using System.Runtime.InteropServices;

using Tessera.Field;

namespace Tessera.Hash.Tests;

/// <summary>
/// The multi-lane batch paths against the one-state path, at counts that leave lane tails and that
/// cross the parallel threshold. CI re-runs these with AVX-512 and with all intrinsics off, so every
/// lane width is compared with the scalar kernel somewhere.
/// </summary>
public class BatchTests
{
    public static TheoryData<int, int> PermuteCases => new()
    {
        { 16, 0 }, { 16, 1 }, { 16, 7 }, { 16, 8 }, { 16, 15 }, { 16, 16 }, { 16, 17 }, { 16, 33 }, { 16, 300 },
        { 24, 1 }, { 24, 9 }, { 24, 16 }, { 24, 17 }, { 24, 300 },
    };

    [Theory]
    [MemberData(nameof(PermuteCases))]
    public void PermuteMany_equals_one_at_a_time(int width, int count)
    {
        var states = TestData.RandomElements(new Random((width * 1000) + count), width * count);
        var expected = (BabyBear[])states.Clone();
        for (var j = 0; j < count; j++)
        {
            Poseidon2.Permute(expected.AsSpan(j * width, width));
        }

        Poseidon2.PermuteMany(states, width);
        Assert.Equal(expected, states);
    }

    [Fact]
    public void PermuteMany_agrees_with_the_reference_in_every_lane()
    {
        // Independent of the scalar kernel: a full 16-lane bundle plus a tail, checked by the oracle.
        var states = TestData.RandomElements(new Random(5), 16 * 19);
        var expected = new List<ulong[]>();
        for (var j = 0; j < 19; j++)
        {
            expected.Add(ReferencePoseidon2.Width16.Permute(TestData.Canonical(states.AsSpan(j * 16, 16))));
        }

        Poseidon2.PermuteMany(states, 16);
        for (var j = 0; j < 19; j++)
        {
            Assert.Equal(expected[j], TestData.Canonical(states.AsSpan(j * 16, 16)));
        }
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 17)]
    [InlineData(7, 16)]
    [InlineData(8, 17)]
    [InlineData(9, 33)]
    [InlineData(16, 8)]
    [InlineData(100, 19)]
    [InlineData(9, 300)]
    public void HashRows_equals_Hash_per_row(int rowLength, int rows)
    {
        var matrix = TestData.RandomElements(new Random((rowLength * 1000) + rows), rowLength * rows);
        var digests = new Digest[rows];
        Poseidon2Sponge.HashRows(matrix, rowLength, digests);
        for (var j = 0; j < rows; j++)
        {
            Assert.Equal(Poseidon2Sponge.Hash(matrix.AsSpan(j * rowLength, rowLength)), digests[j]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(300)]
    public void CompressPairs_equals_Compress_per_pair(int parents)
    {
        var children = RandomDigests(new Random(parents), 2 * parents);
        var result = new Digest[parents];
        Poseidon2Compression.CompressPairs(children, result);
        for (var j = 0; j < parents; j++)
        {
            Assert.Equal(Poseidon2Compression.Compress(children[2 * j], children[(2 * j) + 1]), result[j]);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(300)]
    public void Compress_spans_equals_Compress_and_may_alias_an_input(int n)
    {
        var rng = new Random(n);
        var left = RandomDigests(rng, n);
        var right = RandomDigests(rng, n);
        var expected = left.Zip(right, (l, r) => Poseidon2Compression.Compress(l, r)).ToArray();

        var parents = new Digest[n];
        Poseidon2Compression.Compress(left, right, parents);
        Assert.Equal(expected, parents);

        Poseidon2Compression.Compress(left, right, left);
        Assert.Equal(expected, left);
    }

    [Fact]
    public void Batch_arguments_are_checked()
    {
        var d = new Digest[4];
        Assert.Throws<ArgumentException>(() => Poseidon2.PermuteMany(new BabyBear[17], 16));
        Assert.Throws<ArgumentException>(() => Poseidon2.PermuteMany(new BabyBear[32], 8));
        Assert.Throws<ArgumentException>(() => Poseidon2Sponge.HashRows(new BabyBear[9], 2, d));
        Assert.Throws<ArgumentOutOfRangeException>(() => Poseidon2Sponge.HashRows([], -1, []));
        Assert.Throws<ArgumentException>(() => Poseidon2Compression.CompressPairs(new Digest[7], d));
        Assert.Throws<ArgumentException>(() => Poseidon2Compression.CompressPairs(d, d.AsSpan(2)));
        Assert.Throws<ArgumentException>(() => Poseidon2Compression.Compress(d.AsSpan(0, 2), d.AsSpan(2, 2), new Digest[3]));
        Assert.Throws<ArgumentException>(() => Poseidon2Compression.Compress(d.AsSpan(0, 2), d.AsSpan(2, 2), d.AsSpan(1, 2)));
        var matrix = new BabyBear[64];
        Assert.Throws<ArgumentException>(() => Poseidon2Sponge.HashRows(matrix, 8, MemoryMarshal.Cast<BabyBear, Digest>(matrix.AsSpan())));
    }

    private static Digest[] RandomDigests(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => new Digest(TestData.RandomElements(rng, 8))).ToArray();
}
