using Tessera.Circuit.Segment;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Debugging;
using Tessera.Stark.Prover;
using Tessera.Vm.Elf;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

using static Tessera.Circuit.Tests.Segments.CheatingProverTests;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>
/// Cheating provers of the read and write syscalls (<see cref="IoGuest"/>): each test takes the
/// honest witness of a whole segment, changes what an attacker would, and shows that the debug
/// checker names the broken constraint or bus and that a proof forced from the trace is rejected.
/// </summary>
public sealed class SyscallCheatingTests
{
    private static readonly BabyBear P = BabyBear.FromCanonical(0) - BabyBear.One; // p − 1

    private static (Rv32imCircuit Circuit, SegmentClaim Claim, List<TableWitness> Witness) Honest()
    {
        var elf = ElfProgram.Parse(TestElf.Build(IoGuest.Program(), IoGuest.Data));
        SegmentRecord? record = null;
        Executor.Run(elf, IoGuest.Input, new ExecutionOptions { Po2 = 13, KeepRecords = true }, r => record ??= r);
        var circuit = Rv32imCircuit.For(elf);
        var (claim, w) = circuit.Witness(record!);
        return (circuit, claim, w);
    }

    [Fact]
    public void The_honest_guest_proves_with_every_transfer()
    {
        var (circuit, claim, w) = Honest();
        var ecall = w[Table(circuit, "ecall")].Main;
        Assert.Equal(6u, ecall[IoGuest.ReadRow, circuit.Ecall.CountByteColumn(0)].ToCanonical());
        Assert.Equal(3u, ecall[IoGuest.ReadRow, circuit.Ecall.SlackColumn(0)].ToCanonical());
        Assert.Equal(BabyBear.One, ecall[IoGuest.StdoutRow, circuit.Ecall.FdColumn(1)]);
        Assert.Equal(BabyBear.One, ecall[IoGuest.JournalRow, circuit.Ecall.FdColumn(3)]);
        Assert.Equal(6u, claim.JournalBytes);
        DebugChecker.Check(circuit.Machine, w);
        circuit.Verify(claim, StarkProver.Prove(circuit.Machine, w, Poseidon2Fixtures.Fast), 13, Poseidon2Fixtures.Fast);
    }

    [Fact]
    public void A_read_that_returns_more_than_was_asked_is_caught()
    {
        // Count 10 for len 9 leaves the read's equation off by the slack...
        var (circuit, claim, w) = Honest();
        w[Table(circuit, "ecall")].Main[IoGuest.ReadRow, circuit.Ecall.CountByteColumn(0)] = BabyBear.FromCanonical(10);
        AssertRejected(circuit, claim, w, "ecall: read moves at most min(len, 4096)");

        // ...and a slack of −1 that balances it is not two bytes.
        (circuit, claim, w) = Honest();
        var ecall = w[Table(circuit, "ecall")].Main;
        ecall[IoGuest.ReadRow, circuit.Ecall.CountByteColumn(0)] = BabyBear.FromCanonical(10);
        ecall[IoGuest.ReadRow, circuit.Ecall.SlackColumn(0)] = P;
        ecall[IoGuest.ReadRow, circuit.Ecall.SlackColumn(1)] = BabyBear.Zero;
        AssertRejected(circuit, claim, w, "'byte'");
    }

    [Fact]
    public void A_read_from_an_fd_other_than_0_is_caught()
    {
        var (circuit, claim, w) = Honest();
        w[Table(circuit, "ecall")].Main[IoGuest.ReadRow, circuit.Ecall.A0ByteColumn(0)] = BabyBear.One;
        AssertRejected(circuit, claim, w, "ecall: read is from fd 0");
    }

    [Fact]
    public void A_stdout_write_claimed_as_a_journal_write_is_caught()
    {
        // Relabelling fd 1 as fd 3 would commit the debug output to the journal.
        var (circuit, claim, w) = Honest();
        var ecall = w[Table(circuit, "ecall")].Main;
        ecall[IoGuest.StdoutRow, circuit.Ecall.FdColumn(1)] = BabyBear.Zero;
        ecall[IoGuest.StdoutRow, circuit.Ecall.FdColumn(3)] = BabyBear.One;
        AssertRejected(circuit, claim, w, "ecall: write fd");
    }

    [Fact]
    public void A_journal_write_claimed_as_a_stdout_write_is_caught()
    {
        // The other way round: dropping journal bytes by calling them debug output.
        var (circuit, claim, w) = Honest();
        var ecall = w[Table(circuit, "ecall")].Main;
        ecall[IoGuest.JournalRow, circuit.Ecall.FdColumn(3)] = BabyBear.Zero;
        ecall[IoGuest.JournalRow, circuit.Ecall.FdColumn(1)] = BabyBear.One;
        AssertRejected(circuit, claim, w, "ecall: write fd");
    }

    [Fact]
    public void A_write_to_fd_259_is_caught()
    {
        // fd = 3 + 256: byte 0 alone would pass as the journal.
        var (circuit, claim, w) = Honest();
        w[Table(circuit, "ecall")].Main[IoGuest.JournalRow, circuit.Ecall.A0ByteColumn(1)] = BabyBear.One;
        AssertRejected(circuit, claim, w, "ecall: fd byte 1 is 0");
    }

    [Fact]
    public void A_buffer_address_past_2_pow_28_is_caught()
    {
        // a1 + p has the same field value as a1: without a1 < 2^28 the transfer would happen at the
        // guest's buffer while the register names another address. Byte 0 + 1 and byte 3 + 0x78 is a1 + p.
        var (circuit, claim, w) = Honest();
        var ecall = w[Table(circuit, "ecall")].Main;
        ecall[IoGuest.JournalRow, circuit.Ecall.A1ByteColumn(0)] += BabyBear.One;
        ecall[IoGuest.JournalRow, circuit.Ecall.A1ByteColumn(3)] += BabyBear.FromCanonical(0x78);
        var e = Assert.IsType<BusImbalanceException>(AssertRejected(circuit, claim, w, "Bus "));
        Assert.True(e.ImbalancedBuses.ContainsKey("byte"), e.Message); // the a1[3] < 16 lookup has no row
    }

    [Fact]
    public void A_gap_in_a_journal_run_is_caught()
    {
        // The journal write's second word carries bytes 0..2: skipping byte 1 would commit bytes 0 and 2 only.
        var (circuit, claim, w) = Honest();
        var io = w[Table(circuit, "io")].Main;
        var row = Enumerable.Range(0, io.Height).Where(r => io[r, circuit.Io.JournalFlagColumn] == BabyBear.One).Last();
        Assert.Equal(BabyBear.One, io[row, circuit.Io.EnabledColumn(2)]);
        io[row, circuit.Io.EnabledColumn(1)] = BabyBear.Zero;
        AssertRejected(circuit, claim, w, "io: byte 2 continues the run");
    }

    [Fact]
    public void Read_advice_that_is_not_a_byte_is_caught()
    {
        var (circuit, claim, w) = Honest();
        var io = w[Table(circuit, "io")].Main;
        var row = Enumerable.Range(0, io.Height).First(r => io[r, circuit.Io.ReadFlagColumn] == BabyBear.One);
        io[row, circuit.Io.AfterByteColumn(1)] += BabyBear.FromCanonical(256);
        var e = Assert.IsType<BusImbalanceException>(AssertRejected(circuit, claim, w, "Bus "));
        Assert.True(e.ImbalancedBuses.ContainsKey("byte"), e.Message); // the advice's range lookup has no row
    }

    [Fact]
    public void A_segment_pc_byte_that_does_not_encode_the_pc_is_caught()
    {
        for (var which = 0; which < 2; which++)
        {
            var (circuit, claim, w) = Honest();
            w[Table(circuit, "segment")].Main[0, SegmentAir.PcByteColumn(which, 1)] += BabyBear.One;
            AssertRejected(circuit, claim, w, $"segment: {(which == 0 ? "pre" : "post")} pc bytes");
        }
    }
}
