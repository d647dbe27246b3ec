using Tessera.Hash;
using Tessera.Stark.Proofs;
using Tessera.Vm.Elf;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>Whole segments through the full circuit: paging, syscalls and the journal included.</summary>
public sealed class SegmentProofTests
{
    private const int A0 = 10, A1 = 11, A2 = 12, A7 = 17;

    private static readonly byte[] Data = "hello, journal"u8.ToArray();

    /// <summary>Writes <see cref="Data"/>'s first 11 bytes (from offset 3) to the journal, then exits with 7. ALU and ECALL only.</summary>
    private static IEnumerable<uint> JournalProgram()
    {
        yield return Asm.Addi(A1, 0, 1);
        for (var i = 0; i < 20; i++)
        {
            yield return Asm.Op(0, 0, A1, A1, A1); // a1 = 1 << 20 = the data base
        }

        yield return Asm.Addi(A1, A1, 3);          // an unaligned buffer
        yield return Asm.Addi(A0, 0, 3);           // fd 3: the journal
        yield return Asm.Addi(A2, 0, 11);
        yield return Asm.Addi(A7, 0, 64);          // write
        yield return 0x0000_0073;
        yield return Asm.Addi(A0, 0, 7);
        yield return Asm.Addi(A7, 0, 93);          // exit(7)
        yield return 0x0000_0073;
    }

    private static (Rv32imCircuit Circuit, SegmentRecord Record) Segment()
    {
        var elf = ElfProgram.Parse(TestElf.Build(JournalProgram(), Data));
        var records = new List<SegmentRecord>();
        Executor.Run(elf, ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 13, KeepRecords = true }, records.Add);
        Assert.Single(records);
        return (Rv32imCircuit.For(elf), records[0]);
    }

    [Fact]
    public void A_segment_with_a_journal_write_and_exit_proves_its_claim()
    {
        var (circuit, record) = Segment();
        var (claim, proof) = circuit.Prove(record, Poseidon2Fixtures.Fast, debugCheck: true);
        Assert.True(claim.Exited);
        Assert.Equal(7u, claim.ExitCode);
        Assert.Equal(11u, claim.JournalBytes);
        Assert.Equal(JournalHasher.Absorb(JournalHasher.Initial, Data.AsSpan(3, 11)), claim.JournalAfter);
        Assert.Equal(record.Post.Digest, claim.PostDigest);
        circuit.Verify(claim, proof, record.Po2, Poseidon2Fixtures.Fast);
    }

    [Fact]
    public void A_changed_claim_is_rejected()
    {
        var (circuit, record) = Segment();
        var (claim, proof) = circuit.Prove(record, Poseidon2Fixtures.Fast);
        var other = Digest.FromBytes(new byte[Digest.ByteLength]);
        foreach (var forged in new[]
        {
            claim with { ExitCode = 8 },
            claim with { Exited = false },
            claim with { JournalAfter = JournalHasher.Absorb(JournalHasher.Initial, "hello, journ4l"u8[3..]) },
            claim with { JournalBytes = 10 },
            claim with { PostDigest = other },
            claim with { PreDigest = other },
            claim with { PostPc = claim.PostPc + 4 },
            claim with { Cycles = claim.Cycles - 1 },
        })
        {
            Assert.Throws<VerificationFailedException>(() => circuit.Verify(forged, proof, record.Po2, Poseidon2Fixtures.Fast));
        }
    }

    [Fact]
    public void A_record_whose_pages_do_not_match_its_pre_state_is_refused()
    {
        var (circuit, record) = Segment();
        var data = (byte[])record.PageData.Clone();
        data[^1] ^= 1;
        Assert.ThrowsAny<Exception>(() => circuit.Prove(record with { PageData = data }, Poseidon2Fixtures.Fast));
    }

    [Fact]
    public void A_po2_outside_13_to_24_is_refused()
    {
        var (circuit, record) = Segment();
        Assert.Throws<UnsupportedPo2Exception>(() => circuit.Prove(record with { Po2 = 12 }, Poseidon2Fixtures.Fast));
        Assert.Throws<UnsupportedPo2Exception>(() => circuit.Prove(record with { Po2 = 25 }, Poseidon2Fixtures.Fast));
    }
}
