using System.Buffers;
using System.Buffers.Binary;

using Tessera.Field;
using Tessera.Hash.Merkle;

namespace Tessera.Hash.Tests;

public class MerkleOpeningSerializationTests
{
    private static readonly MatrixDimensions[] Dims = MerkleTestMatrices.Mixed;
    private static readonly MerkleTree Tree = MerkleTree.Commit(MerkleTestMatrices.Random(20, Dims));

    [Fact]
    public void Round_trip_gives_the_same_opening_and_the_same_bytes()
    {
        var opening = Tree.Open(333);
        var bytes = opening.ToBytes();
        Assert.Equal(opening.SerializedLength, bytes.Length);
        var back = MerkleOpening.FromBytes(bytes);
        Assert.Equal(MerkleTestMatrices.Rows(opening), MerkleTestMatrices.Rows(back));
        Assert.Equal(opening.Siblings.ToArray(), back.Siblings.ToArray());
        Assert.Equal(bytes, back.ToBytes());
        MerkleVerifier.Verify(Tree.Root, Dims, 333, back);

        var writer = new ArrayBufferWriter<byte>();
        opening.WriteTo(writer);
        Assert.Equal(bytes, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Layout_is_the_documented_one()
    {
        var rows = new[] { new[] { BabyBear.FromCanonical(7), BabyBear.FromCanonical(BabyBear.Modulus - 1) } };
        var sibling = new Digest([.. Enumerable.Range(1, 8).Select(i => BabyBear.FromCanonical((uint)i))]);
        var bytes = new MerkleOpening(rows, [sibling]).ToBytes();
        var expected = new List<byte>();
        void Word(uint w) => expected.AddRange(BitConverter.GetBytes(w));
        Word(1);
        Word(2);
        Word(7);
        Word(BabyBear.Modulus - 1);
        Word(1);
        for (uint i = 1; i <= 8; i++)
        {
            Word(i);
        }

        Assert.Equal(expected.ToArray(), bytes);
    }

    [Fact]
    public void ReadFrom_consumes_exactly_one_opening_and_FromBytes_rejects_trailing_bytes()
    {
        var first = Tree.Open(1).ToBytes();
        var second = Tree.Open(2).ToBytes();
        ReadOnlySpan<byte> both = [.. first, .. second];
        var a = MerkleOpening.ReadFrom(ref both);
        Assert.Equal(second.Length, both.Length);
        var b = MerkleOpening.ReadFrom(ref both);
        Assert.True(both.IsEmpty);
        MerkleVerifier.Verify(Tree.Root, Dims, 1, a);
        MerkleVerifier.Verify(Tree.Root, Dims, 2, b);
        Assert.Throws<MerkleFormatException>(() => MerkleOpening.FromBytes([.. first, 0]));
    }

    [Fact]
    public void Every_truncation_is_a_format_error()
    {
        var bytes = Tree.Open(44).ToBytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<MerkleFormatException>(() => MerkleOpening.FromBytes(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Non_canonical_values_are_format_errors()
    {
        var bytes = Tree.Open(45).ToBytes();
        var element = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(element.AsSpan(8), BabyBear.Modulus);
        Assert.Throws<MerkleFormatException>(() => MerkleOpening.FromBytes(element));

        var sibling = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(sibling.AsSpan(bytes.Length - 4), uint.MaxValue);
        var e = Assert.Throws<MerkleFormatException>(() => MerkleOpening.FromBytes(sibling));
        Assert.IsType<NonCanonicalDigestException>(e.InnerException);
    }

    [Theory]
    [InlineData(0u, 0)]
    [InlineData(uint.MaxValue, 0)]
    [InlineData(1025u, 0)]
    [InlineData(0u, 4)]
    [InlineData(uint.MaxValue, 4)]
    [InlineData(65537u, 4)]
    [InlineData(1000u, 4)]
    public void Lengths_beyond_their_limit_or_the_input_are_format_errors(uint value, int offset)
    {
        var bytes = Tree.Open(46).ToBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        Assert.Throws<MerkleFormatException>(() => MerkleOpening.FromBytes(bytes));
    }

    [Fact]
    public void A_sibling_count_beyond_the_limit_is_a_format_error()
    {
        var opening = Tree.Open(47);
        var bytes = opening.ToBytes();
        var at = bytes.Length - 4 - (opening.Siblings.Length * Digest.ByteLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), 33);
        Assert.Throws<MerkleFormatException>(() => MerkleOpening.FromBytes(bytes));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), 11);
        Assert.Throws<MerkleFormatException>(() => MerkleOpening.FromBytes(bytes));
    }

    [Fact]
    public void Fuzzed_encodings_decode_to_a_typed_error_or_an_opening_that_does_not_verify()
    {
        var rng = new Random(21);
        const int index = 600;
        var bytes = Tree.Open(index).ToBytes();
        for (var trial = 0; trial < 400; trial++)
        {
            var mutated = (byte[])bytes.Clone();
            var flips = 1 + rng.Next(3);
            for (var f = 0; f < flips; f++)
            {
                mutated[rng.Next(mutated.Length)] ^= (byte)(1 << rng.Next(8));
            }

            MerkleOpening decoded;
            try
            {
                decoded = MerkleOpening.FromBytes(mutated);
            }
            catch (MerkleFormatException)
            {
                continue;
            }

            Assert.NotEqual(MerkleVerificationFailure.None, MerkleVerifier.Check(Tree.Root, Dims, index, decoded));
        }
    }

    [Fact]
    public void Random_bytes_never_throw_anything_but_a_format_error()
    {
        var rng = new Random(22);
        for (var trial = 0; trial < 300; trial++)
        {
            var junk = new byte[rng.Next(64)];
            rng.NextBytes(junk);
            if (junk.Length >= 4 && trial % 2 == 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(junk, (uint)rng.Next(3));
            }

            try
            {
                MerkleOpening.FromBytes(junk);
            }
            catch (MerkleFormatException)
            {
            }
        }
    }
}
