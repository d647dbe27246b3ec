using Tessera.Field;

namespace Tessera.Hash.Tests;

public class SpongeAndCompressionTests
{
    public static TheoryData<int> Lengths => [0, 1, 7, 8, 9, 15, 16, 17, 100];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sponge_matches_reference(int length)
    {
        var input = TestData.RandomElements(new Random(length), length);
        var expected = ReferencePoseidon2.Width16.Sponge(TestData.Canonical(input));
        var digest = Poseidon2Sponge.Hash(input);
        Assert.Equal(expected, TestData.Canonical(digest.ToArray()));
    }

    [Fact]
    public void Empty_input_hashes_to_zero_as_Plonky3()
    {
        Assert.Equal(Digest.Zero, Poseidon2Sponge.Hash([]));
    }

    [Fact]
    public void Final_partial_chunk_overwrites_only_its_prefix()
    {
        // 9 elements: the second permutation sees element 8 in position 0 and positions 1..7 as the
        // first permutation left them, not zeros.
        var input = TestData.RandomElements(new Random(9), 9);
        var state = new BabyBear[16];
        input.AsSpan(0, 8).CopyTo(state);
        Poseidon2.Permute(state);
        state[0] = input[8];
        Poseidon2.Permute(state);
        Assert.Equal(new Digest(state.AsSpan(0, 8)), Poseidon2Sponge.Hash(input));
    }

    [Fact]
    public void Compression_matches_reference()
    {
        var rng = new Random(2);
        var left = new Digest(TestData.RandomElements(rng, 8));
        var right = new Digest(TestData.RandomElements(rng, 8));
        var expected = ReferencePoseidon2.Width16.Permute([.. TestData.Canonical(left.ToArray()), .. TestData.Canonical(right.ToArray())]);
        var parent = Poseidon2Compression.Compress(left, right);
        Assert.Equal(expected[..8], TestData.Canonical(parent.ToArray()));
        Assert.NotEqual(parent, Poseidon2Compression.Compress(right, left));
    }
}
