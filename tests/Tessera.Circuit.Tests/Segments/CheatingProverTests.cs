using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Debugging;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Vm;
using Tessera.Vm.Elf;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>A cheating executor, and cheating provers of the ECALL and I/O tables, on whole segments.</summary>
public sealed class CheatingProverTests
{
    private static (Rv32imCircuit Circuit, SegmentRecord Record) Run(long corruptAddAt = -1)
    {
        var elf = ElfProgram.Parse(TestElf.Build(JournalGuest.Program(), JournalGuest.Data));
        SegmentRecord? record = null;
        Executor.Run(elf, ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 13, KeepRecords = true, CorruptAddAtCycle = corruptAddAt }, r => record ??= r);
        return (Rv32imCircuit.For(elf), record!);
    }

    [Fact]
    public void A_segment_from_an_executor_that_computed_one_wrong_add_does_not_prove()
    {
        var (circuit, record) = Run(corruptAddAt: 21); // the last doubling: a1 = 2^20 + 1 instead of 2^20
        var (_, honest) = Run();
        Assert.NotEqual(honest.Post.Digest, record.Post.Digest);

        // The prover replays the record and refuses it: the record's post-state is not what RV32IM reaches.
        Assert.Throws<InvalidSegmentException>(() => circuit.Prove(record, Poseidon2Fixtures.Fast));

        // And past that check, what the circuit proves is the true run, never the cheater's claim.
        var (claim, witnesses) = circuit.Witness(record, checkPost: false);
        Assert.NotEqual(record.Post.Digest, claim.PostDigest);
        var proof = StarkProver.Prove(circuit.Machine, witnesses, Poseidon2Fixtures.Fast);
        circuit.Verify(claim, proof, record.Po2, Poseidon2Fixtures.Fast);
        var cheat = claim with { PostDigest = record.Post.Digest, JournalAfter = record.JournalAfter };
        Assert.Throws<VerificationFailedException>(() => circuit.Verify(cheat, proof, record.Po2, Poseidon2Fixtures.Fast));
    }

    [Fact]
    public void A_changed_journal_digest_in_an_io_row_is_caught()
    {
        var (circuit, record) = Run();
        var (claim, w) = circuit.Witness(record);
        var io = Table(circuit, "io");
        w[io].Main[0, circuit.Io.DigestColumn(1, 0)] += BabyBear.One;
        AssertRejected(circuit, claim, w, "");
    }

    [Fact]
    public void A_changed_journal_byte_is_caught()
    {
        var (circuit, record) = Run();
        var (claim, w) = circuit.Witness(record);
        var io = Table(circuit, "io");
        w[io].Main[0, circuit.Io.AfterByteColumn(3)] += BabyBear.One; // the word written back differs from the one read
        AssertRejected(circuit, claim, w, "io: byte 3 unchanged by a write");
    }

    [Fact]
    public void A_changed_exit_code_is_caught()
    {
        var (circuit, record) = Run();
        var (claim, w) = circuit.Witness(record);
        var ecall = Table(circuit, "ecall");
        w[ecall].Main[1, circuit.Ecall.A0ByteColumn(0)] = BabyBear.FromCanonical(8); // the exit row claims a0 = 8
        AssertRejected(circuit, claim, w, "Bus ");
    }

    [Fact]
    public void A_write_that_returns_a_short_count_is_caught()
    {
        var (circuit, record) = Run();
        var (claim, w) = circuit.Witness(record);
        var ecall = Table(circuit, "ecall");
        w[ecall].Main[0, circuit.Ecall.CountByteColumn(0)] = BabyBear.FromCanonical(10);
        AssertRejected(circuit, claim, w, "ecall: write moves min(len, 4096)");
    }

    [Fact]
    public void A_forged_syscall_number_is_caught()
    {
        var (circuit, record) = Run();
        var (claim, w) = circuit.Witness(record);
        w[Table(circuit, "ecall")].Main[0, circuit.Ecall.A7ByteColumn(0)] = BabyBear.FromCanonical(63); // the write row claims a7 = 63
        AssertRejected(circuit, claim, w, "ecall: write is a7 = 64");
    }

    [Fact]
    public void A_journal_byte_from_before_the_buffer_is_caught()
    {
        // The buffer starts at offset 3 of its first word: enabling byte 2 would commit a byte the guest did not write.
        var (circuit, record) = Run();
        var (claim, w) = circuit.Witness(record);
        w[Table(circuit, "io")].Main[0, circuit.Io.EnabledColumn(2)] = BabyBear.One;
        AssertRejected(circuit, claim, w, "io: byte 2 not before the start");
    }

    [Fact]
    public void A_register_read_that_claims_a_later_previous_access_is_caught()
    {
        // A stale or replayed read: the rs1 read of the first doubling claims its previous access came after it.
        var (circuit, record) = Run();
        var (claim, w) = circuit.Witness(record);
        var t = Table(circuit, "alu");
        var alu = (Tessera.Circuit.Instructions.InstructionAir)circuit.Machine.Tables[t].Air;
        w[t].Main[1, alu.Rs1PrevTsColumn] = BabyBear.FromCanonical(1000);
        AssertRejected(circuit, claim, w, "");
    }

    internal static int Table(Rv32imCircuit c, string name) => c.Machine.Tables.Select(t => t.Name).ToList().IndexOf(name);

    /// <summary>The debug checker refuses the witness naming <paramref name="expected"/>, and a proof forced from it is rejected; returns the checker's exception.</summary>
    internal static TraceCheckException AssertRejected(Rv32imCircuit circuit, SegmentClaim claim, List<TableWitness> w, string expected)
    {
        var e = Assert.ThrowsAny<TraceCheckException>(() => DebugChecker.Check(circuit.Machine, w));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        StarkProof proof;
        try
        {
            proof = StarkProver.Prove(circuit.Machine, w, Poseidon2Fixtures.Fast, debugCheck: false);
        }
        catch (Exception ex) when (ex is TraceCheckException or InvalidOperationException or ArgumentException)
        {
            return e;
        }

        Assert.Throws<VerificationFailedException>(() => circuit.Verify(claim, proof, 13, Poseidon2Fixtures.Fast));
        return e;
    }
}
