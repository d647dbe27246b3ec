using Tessera.Hash;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Vm;
using Tessera.Vm.Elf;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>Whole segments through the full circuit: paging, syscalls and the journal included.</summary>
public sealed class SegmentProofTests
{
    private static (Rv32imCircuit Circuit, SegmentRecord Record) Segment()
    {
        var elf = ElfProgram.Parse(TestElf.Build(JournalGuest.Program(), JournalGuest.Data));
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
        Assert.Equal(JournalHasher.Absorb(JournalHasher.Initial, JournalGuest.Data.AsSpan(3, 11)), claim.JournalAfter);
        Assert.Equal(record.Post.Digest, claim.PostDigest);
        circuit.Verify(claim, proof, record.Po2, Poseidon2Fixtures.Fast);
    }

    [Fact]
    public void A_proof_from_traces_the_prover_takes_over_is_the_proof_from_ordinary_traces()
    {
        // Prove hands the prover traces made for its blowup (their main LDE is built in place);
        // the bytes must be those of a proof from ordinary, zeroed traces of the same witness.
        var (circuit, record) = Segment();
        var (_, owned) = circuit.Prove(record, Poseidon2Fixtures.Fast);
        var (_, witnesses) = circuit.Witness(record);
        Assert.All(witnesses, w => Assert.Equal(0, w.Main.LogSpare));
        var ordinary = StarkProver.Prove(circuit.Machine, witnesses, Poseidon2Fixtures.Fast);
        Assert.Equal(ProofCodec.Encode(ordinary), ProofCodec.Encode(owned));

        var (_, forProving) = circuit.Witness(record, checkPost: true, default, new TraceAllocation(Poseidon2Fixtures.Fast.LogBlowup));
        Assert.All(forProving, w => Assert.Equal(Poseidon2Fixtures.Fast.LogBlowup, w.Main.LogSpare));
        for (var t = 0; t < witnesses.Count; t++)
        {
            var cells = witnesses[t].Main.Width * witnesses[t].Main.Height;
            Assert.True(witnesses[t].Main.Values.AsSpan().SequenceEqual(forProving[t].Main.Values.AsSpan(0, cells)), $"table {t}");
        }
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
    public void A_proof_with_more_instruction_rows_than_its_po2_holds_is_rejected()
    {
        // 2^14 rows of ALU padding: a valid proof of the same claim, but not of a 2^13-cycle segment.
        var (circuit, record) = Segment();
        var (claim, w) = circuit.Witness(record);
        var alu = w[2];
        var tall = new Tessera.Stark.Trace(alu.Main.Width, 1 << 14);
        alu.Main.Values.CopyTo(tall.Values, 0);
        w[2] = new Tessera.Stark.TableWitness(tall, alu.Publics);
        var proof = StarkProver.Prove(circuit.Machine, w, Poseidon2Fixtures.Fast);
        circuit.Verify(claim, proof, 14, Poseidon2Fixtures.Fast);
        var e = Assert.Throws<VerificationFailedException>(() => circuit.Verify(claim, proof, 13, Poseidon2Fixtures.Fast));
        Assert.Contains("'alu'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_whose_pages_do_not_match_its_pre_state_is_refused()
    {
        var (circuit, record) = Segment();
        var data = (byte[])record.PageData.Clone();
        data[^1] ^= 1;
        var e = Assert.Throws<InvalidSegmentException>(() => circuit.Prove(record with { PageData = data }, Poseidon2Fixtures.Fast));
        Assert.Contains("pre-state", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_of_another_program_is_refused()
    {
        // The journal guest's segment handed to the circuit of the I/O guest: a typed refusal, never a proof.
        var (_, record) = Segment();
        var other = Rv32imCircuit.For(ElfProgram.Parse(TestElf.Build(IoGuest.Program(), IoGuest.Data)));
        Assert.Throws<InvalidSegmentException>(() => other.Prove(record, Poseidon2Fixtures.Fast));
    }

    [Fact]
    public void A_po2_outside_13_to_24_is_refused()
    {
        var (circuit, record) = Segment();
        Assert.Throws<UnsupportedPo2Exception>(() => circuit.Prove(record with { Po2 = 12 }, Poseidon2Fixtures.Fast));
        Assert.Throws<UnsupportedPo2Exception>(() => circuit.Prove(record with { Po2 = 25 }, Poseidon2Fixtures.Fast));
    }
}
