using System.Buffers.Binary;

using Tessera.Field;

namespace Tessera.Hash.Tests;

public class DigestTests
{
    [Fact]
    public void Bytes_are_canonical_little_endian_words_and_round_trip()
    {
        var elements = TestData.RandomElements(new Random(3), 8);
        elements[7] = BabyBear.FromCanonical(BabyBear.Modulus - 1);
        var digest = new Digest(elements);
        var bytes = digest.ToBytes();
        Assert.Equal(Digest.ByteLength, bytes.Length);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(elements[i].ToCanonical(), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4 * i)));
        }

        var back = Digest.FromBytes(bytes);
        Assert.Equal(digest, back);
        Assert.True(digest == back);
        Assert.Equal(digest.GetHashCode(), back.GetHashCode());
    }

    [Theory]
    [InlineData(0, BabyBear.Modulus)]
    [InlineData(3, 0x80000000u)]
    [InlineData(7, uint.MaxValue)]
    public void Rejects_non_canonical_words(int index, uint word)
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * index), word);
        var ex = Assert.Throws<NonCanonicalDigestException>(() => Digest.FromBytes(bytes));
        Assert.Equal(index, ex.Index);
        Assert.Equal(word, ex.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Rejects_wrong_length(int length)
    {
        Assert.Throws<NonCanonicalDigestException>(() => Digest.FromBytes(new byte[length]));
    }

    [Fact]
    public void Equality_sees_every_element()
    {
        var elements = TestData.RandomElements(new Random(4), 8);
        var a = new Digest(elements);
        for (var i = 0; i < 8; i++)
        {
            var changed = (BabyBear[])elements.Clone();
            changed[i] += BabyBear.One;
            Assert.NotEqual(a, new Digest(changed));
            Assert.True(a != new Digest(changed));
        }
    }

    [Fact]
    public void Constructor_rejects_wrong_count()
    {
        Assert.Throws<ArgumentException>(() => new Digest(new BabyBear[7]));
    }
}
