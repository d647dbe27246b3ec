using System.Buffers.Binary;

namespace Tessera.Rollup.Tests.Guests;

/// <summary>The block guest under qemu-riscv32 against the host oracle (docs/rollup-block.md).</summary>
public class RollupGuestTests
{
    private static readonly string Rollup = GuestTools.Elf("rollup/bin/rollup.elf");
    private static readonly string RollupNoSig = GuestTools.Elf("rollup/bin/rollup-nosig.elf");

    [GuestTheory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(10, 0)]
    [InlineData(10, 4)]
    [InlineData(100, 0)]
    [InlineData(100, 12)]
    public void Journal_equals_the_oracle(int transfers, int invalid)
    {
        var block = BlockGenerator.Generate(new BlockOptions(30, transfers, invalid, Seed: 1000 + transfers + invalid));
        var run = Qemu.Run(Rollup, block.Bytes);
        Assert.Equal(RollupFormat.ExitOk, run.ExitCode);
        Assert.Equal(block.Expected.Encode(), run.Journal);
        Assert.Equal((uint)invalid, RollupJournal.Decode(run.Journal).Rejected);
    }

    [GuestTheory]
    [InlineData(10, 4)]
    [InlineData(100, 12)]
    public void NoSig_journal_equals_the_oracle_without_signature_checks(int transfers, int invalid)
    {
        var block = BlockGenerator.Generate(
            new BlockOptions(30, transfers, invalid, Seed: 2000 + transfers, CheckSignatures: false));
        var run = Qemu.Run(RollupNoSig, block.Bytes);
        Assert.Equal(RollupFormat.ExitOk, run.ExitCode);
        Assert.Equal(block.Expected.Encode(), run.Journal);
        // Badly signed transfers are accepted here.
        var badSigs = block.Kinds.Count(k => k == InvalidKind.BadSignature);
        Assert.True(badSigs > 0);
        Assert.Equal((uint)(invalid - badSigs), block.Expected.Rejected);
    }

    [GuestFact]
    public void Both_guests_agree_on_a_block_without_bad_signatures()
    {
        var block = BlockGenerator.Generate(new BlockOptions(10, 20, 0, Seed: 5));
        Assert.Equal(block.Expected.Encode(), Qemu.Run(RollupNoSig, block.Bytes).Journal);
        Assert.Equal(block.Expected.Encode(), Qemu.Run(Rollup, block.Bytes).Journal);
    }

    private static GeneratedBlock Valid(int n = 6) => BlockGenerator.Generate(new BlockOptions(10, n, 0, Seed: 77));

    private static void AssertAborted(int exitCode, byte[] bytes)
    {
        var run = Qemu.Run(Rollup, bytes);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Empty(run.Journal);
    }

    [GuestFact]
    public void A_sender_witness_that_does_not_match_the_root_aborts_the_block()
    {
        var b = Valid().Bytes;
        b[RollupFormat.SenderWitnessOffset(3) + Account.Size + (32 * 7) + 5] ^= 1; // a sibling
        AssertAborted(RollupFormat.ExitBadWitness, b);
    }

    [GuestFact]
    public void A_receiver_witness_that_does_not_match_the_root_aborts_the_block()
    {
        var b = Valid().Bytes;
        b[RollupFormat.ReceiverWitnessOffset(2) + Account.Size + (32 * 23)] ^= 0x80; // top sibling
        AssertAborted(RollupFormat.ExitBadWitness, b);
    }

    [GuestFact]
    public void A_witness_claiming_more_balance_aborts_the_block()
    {
        var b = Valid().Bytes;
        var at = (int)RollupFormat.SenderWitnessOffset(0);
        var balance = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), balance + 1_000_000);
        AssertAborted(RollupFormat.ExitBadWitness, b);
    }

    [GuestFact]
    public void An_amount_changed_after_signing_is_never_accepted()
    {
        // Raising the last transfer's amount leaves its signature over other bytes: the guest
        // rejects it, and the receiver witness (made for the debited root) then no longer
        // matches, so the block aborts instead of committing anything.
        var block = Valid();
        var b = block.Bytes;
        var at = (int)RollupFormat.EntryOffset(block.Transfers.Count - 1) + 8;
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at)) + 1);
        AssertAborted(RollupFormat.ExitBadWitness, b);
    }

    [GuestFact]
    public void A_signature_over_other_bytes_is_rejected_in_a_well_formed_block()
    {
        // The generator's bad-signature transfers sign amount + 1: the block's witnesses are
        // consistent, so the guest must count them as rejected and leave the state alone.
        var block = BlockGenerator.Generate(new BlockOptions(10, 7, 1, Seed: 3));
        Assert.Equal(InvalidKind.BadSignature, block.Kinds.Single(k => k != InvalidKind.None));
        var run = Qemu.Run(Rollup, block.Bytes);
        Assert.Equal(0, run.ExitCode);
        var j = RollupJournal.Decode(run.Journal);
        Assert.Equal(1u, j.Rejected);
        Assert.Equal(6u, j.Accepted);
        Assert.Equal(block.Expected.Encode(), run.Journal);
    }

    [GuestFact]
    public void Malformed_encodings_abort_the_block()
    {
        var good = Valid(2).Bytes;

        var magic = (byte[])good.Clone();
        magic[0] = (byte)'X';
        AssertAborted(RollupFormat.ExitMalformed, magic);

        var depth = (byte[])good.Clone();
        depth[12] = 20;
        AssertAborted(RollupFormat.ExitMalformed, depth);

        AssertAborted(RollupFormat.ExitMalformed, good[..^1]); // truncated
        AssertAborted(RollupFormat.ExitMalformed, [.. good, 0]); // trailing byte

        var count = (byte[])good.Clone();
        count[48] = 3; // claims one entry more than there is
        AssertAborted(RollupFormat.ExitMalformed, count);

        var id = (byte[])good.Clone();
        id[RollupFormat.EntryOffset(0) + 7] = 1; // `to` >= 2^24
        AssertAborted(RollupFormat.ExitMalformed, id);
    }

    [GuestFact]
    [Trait("Category", "Slow")] // ~15 s: --filter "Category!=Slow" leaves it out
    public void Ten_thousand_transfers_run_through()
    {
        // Without signatures: qemu runs ~50 M rv32 instructions a second, and 10,000 signature
        // checks would take minutes; the signature path is covered by the smaller blocks.
        var block = BlockGenerator.Generate(new BlockOptions(2000, 10_000, 300, Seed: 10, CheckSignatures: false));
        var run = Qemu.Run(RollupNoSig, block.Bytes);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(block.Expected.Encode(), run.Journal);
        Assert.Equal(10_000u, block.Expected.Accepted + block.Expected.Rejected);
    }
}
