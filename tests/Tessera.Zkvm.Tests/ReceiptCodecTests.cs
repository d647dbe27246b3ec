using System.Buffers.Binary;

using CsCheck;

namespace Tessera.Zkvm.Tests;

/// <summary>Receipt bytes from anywhere decode to one canonical receipt or fail with the typed error, never another.</summary>
public sealed class ReceiptCodecTests(ReceiptFixture run) : IClassFixture<ReceiptFixture>
{
    private byte[] Bytes => ReceiptCodec.Encode(run.Receipt);

    [Fact]
    public void Every_truncation_is_a_typed_error()
    {
        var bytes = Bytes;
        var cuts = Enumerable.Range(0, 200).Concat(Enumerable.Range(0, 200).Select(i => bytes.Length - 1 - i)).Concat([bytes.Length / 2]);
        foreach (var n in cuts.Distinct())
        {
            Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.Decode(bytes.AsSpan(0, n)));
        }
    }

    [Fact]
    public void Bytes_after_the_receipt_are_refused()
    {
        var e = Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.Decode([.. Bytes, 0]));
        Assert.Contains("follow the receipt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_past_the_limits_or_the_bytes_are_refused_before_allocating()
    {
        var bytes = Bytes;
        var codeCount = 4 + 1 + 1 + 4;
        foreach (var n in new uint[] { ReceiptCodec.MaxCodeWords + 1, uint.MaxValue, (uint)(bytes.Length / 4) })
        {
            var b = bytes.ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(codeCount), n);
            Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.Decode(b));
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(25)]
    [InlineData(255)]
    public void A_po2_outside_13_to_24_is_refused(byte po2)
    {
        var b = Bytes;
        b[FirstSegment(b)] = po2;
        var e = Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.Decode(b));
        Assert.Contains("po2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_canonical_digest_or_exited_flag_is_refused()
    {
        var b = Bytes;
        var at = FirstSegment(b) + 1 + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), Tessera.Field.BabyBear.Modulus);
        Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.Decode(b));
        b = Bytes;
        b[FirstSegment(b) + 1 + 4 + 32 + 4 + 32] = 2;
        Assert.Contains("exited", Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.Decode(b)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_magic_or_version_is_refused()
    {
        var b = Bytes;
        b[0] ^= 1;
        Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.Decode(b));
        b = Bytes;
        b[4] = ReceiptCodec.Version + 1;
        Assert.Contains("version", Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.Decode(b)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.DecodeSegment(Bytes));
    }

    [Fact]
    public void Random_bytes_give_only_the_typed_error()
    {
        Gen.Byte.Array[0, 4096].Sample(bytes =>
        {
            try
            {
                ReceiptCodec.Decode(bytes);
            }
            catch (InvalidReceiptException)
            {
            }

            try
            {
                ReceiptCodec.DecodeSegment(bytes);
            }
            catch (InvalidReceiptException)
            {
            }
        }, iter: 2000);
    }

    [Fact]
    public void Random_bytes_behind_a_valid_header_give_only_the_typed_error()
    {
        Gen.Byte.Array[0, 2048].Sample(tail =>
        {
            try
            {
                ReceiptCodec.Decode([.. "TSRC"u8, ReceiptCodec.Version, .. tail]);
            }
            catch (InvalidReceiptException)
            {
            }
        }, iter: 2000);
    }

    [Fact]
    public void A_flipped_byte_anywhere_is_refused_by_the_decoder_or_the_verifier()
    {
        var bytes = Bytes;
        Gen.Int[0, bytes.Length - 1].Select(Gen.Int[0, 7]).Sample((at, bit) =>
        {
            var b = bytes.ToArray();
            b[at] ^= (byte)(1 << bit);
            CompositeReceipt decoded;
            try
            {
                decoded = ReceiptCodec.Decode(b);
            }
            catch (InvalidReceiptException)
            {
                return;
            }

            Assert.Throws<ReceiptRejectedException>(() => decoded.Verify(run.ImageId, ReceiptFixture.Accepted));
        }, iter: 16, threads: 1);
    }

    [Fact]
    public void A_segment_receipt_round_trips_on_its_own()
    {
        var s = run.Receipt.Segments[1];
        var bytes = ReceiptCodec.EncodeSegment(s);
        var back = ReceiptCodec.DecodeSegment(bytes);
        Assert.Equal(s.Claim, back.Claim);
        Assert.Equal(s.Seal, back.Seal);
        Assert.Equal(s.Po2, back.Po2);
        Assert.Throws<InvalidReceiptException>(() => ReceiptCodec.DecodeSegment(bytes.AsSpan(0, bytes.Length - 1)));
    }

    private int FirstSegment(byte[] b)
    {
        var words = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(10));
        var journalAt = 14 + (4 * words);
        var journal = (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(journalAt));
        Assert.Equal(run.Receipt.Journal.Length, journal);
        return journalAt + 4 + journal + 4;
    }
}
