using System.Buffers.Binary;

using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Tessera.Rollup.Tests;

public class BlockGeneratorTests
{
    [Fact]
    public void Same_options_give_the_same_bytes_and_another_seed_other_bytes()
    {
        var a = BlockGenerator.Generate(new BlockOptions(8, 12, 3, Seed: 42));
        var b = BlockGenerator.Generate(new BlockOptions(8, 12, 3, Seed: 42));
        var c = BlockGenerator.Generate(new BlockOptions(8, 12, 3, Seed: 43));
        Assert.Equal(a.Bytes, b.Bytes);
        Assert.NotEqual(a.Bytes, c.Bytes);
        Assert.Equal(RollupFormat.BlockSize(12), a.Bytes.Length);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 3)]
    [InlineData(100, 10)]
    [InlineData(60, 60)]
    public void Exactly_the_invalid_transfers_are_rejected(int transfers, int invalid)
    {
        var block = BlockGenerator.Generate(new BlockOptions(20, transfers, invalid, Seed: transfers));
        Assert.Equal((uint)invalid, block.Expected.Rejected);
        Assert.Equal((uint)(transfers - invalid), block.Expected.Accepted);
        Assert.Equal(invalid, block.Kinds.Count(k => k != InvalidKind.None));
        if (invalid >= 3)
        {
            Assert.Contains(InvalidKind.BadSignature, block.Kinds);
            Assert.Contains(InvalidKind.ReplayedNonce, block.Kinds);
            Assert.Contains(InvalidKind.Overdraft, block.Kinds);
        }

        // Fees are those of the accepted transfers.
        var fees = block.Transfers.Where((_, i) => block.Kinds[i] == InvalidKind.None).Aggregate(0UL, (s, t) => s + t.Fee);
        Assert.Equal(fees, block.Expected.TotalFees);
    }

    [Fact]
    public void Invalid_kinds_are_what_they_say()
    {
        var block = BlockGenerator.Generate(new BlockOptions(5, 40, 15, Seed: 9));
        for (var i = 0; i < block.Transfers.Count; i++)
        {
            var t = block.Transfers[i];
            var sender = block.PreState[t.From];
            var m = t.SigningMessage(block.ChainId);
            var sigOk = Ed25519.Verify(t.Signature, 0, sender.PublicKey, 0, m, 0, m.Length);
            Assert.Equal(block.Kinds[i] != InvalidKind.BadSignature, sigOk);
        }
    }

    [Fact]
    public void Header_and_witness_layout()
    {
        var block = BlockGenerator.Generate(new BlockOptions(4, 3, 0, Seed: 2, ChainId: 77));
        var b = block.Bytes;
        Assert.Equal("TSRB"u8.ToArray(), b[..4]);
        Assert.Equal(RollupFormat.Version, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4)));
        Assert.Equal(77u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8)));
        Assert.Equal((uint)RollupFormat.Depth, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12)));
        Assert.Equal(block.Expected.PreRoot, b[16..48]);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(48)));
        // The first sender witness shows the sender's pre-state account.
        var t = block.Transfers[0];
        var acc = new byte[Account.Size];
        block.PreState[t.From].Encode(acc);
        Assert.Equal(acc, b.AsSpan((int)RollupFormat.SenderWitnessOffset(0), Account.Size).ToArray());
        // The batch hash covers the transfer records only.
        var batch = new byte[3 * Transfer.Size];
        for (var i = 0; i < 3; i++)
        {
            b.AsSpan((int)RollupFormat.EntryOffset(i), Transfer.Size).CopyTo(batch.AsSpan(i * Transfer.Size));
        }

        Assert.Equal(Keccak.Hash(batch), block.Expected.BatchHash);
    }

    [Fact]
    public void Signed_message_layout()
    {
        var m = Transfer.SigningMessage(0x01020304, 5, 6, 7, 8, 9);
        var want = Convert.FromHexString(
            "5453524C32545831" + "04030201" + "05000000" + "06000000" + "0700000000000000" + "0800000000000000" + "0900000000000000");
        Assert.Equal(want, m);
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockGenerator.Generate(new BlockOptions(0, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockGenerator.Generate(new BlockOptions(1, 2, 3)));
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockGenerator.Generate(new BlockOptions(1, -1)));
    }

    [Fact]
    public void Journal_round_trips_and_refuses_a_wrong_length()
    {
        var j = BlockGenerator.Generate(new BlockOptions(3, 5, 1, Seed: 1)).Expected;
        var bytes = j.Encode();
        Assert.Equal(RollupJournal.Size, bytes.Length);
        Assert.Equal(bytes, RollupJournal.Decode(bytes).Encode());
        Assert.Throws<FormatException>(() => RollupJournal.Decode(bytes.AsSpan(1)));
    }
}
