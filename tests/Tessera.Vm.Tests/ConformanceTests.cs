using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Segments;

namespace Tessera.Vm.Tests;

/// <summary>
/// The official riscv-tests rv32ui/rv32um programs (guest/riscv-tests): each exits 0 when every
/// case passes, else with the failing case number. qemu-riscv32 runs the same ELFs as an oracle
/// for the programs and the environment header.
/// </summary>
public class ConformanceTests
{
    private const long MaxCycles = 1_000_000;

    public static TheoryData<string> Programs() => [.. RiscvTests.Names()];

    private static Machine Run(byte[] elf)
    {
        var m = new Machine(ElfProgram.Parse(elf), ReadOnlyMemory<byte>.Empty);
        m.Run(MaxCycles);
        return m;
    }

    [Fact]
    public void BothSuitesAreComplete()
    {
        var names = RiscvTests.Names().ToArray();
        Assert.Equal(42, names.Count(n => n.StartsWith("rv32ui-", StringComparison.Ordinal)));
        Assert.Equal(8, names.Count(n => n.StartsWith("rv32um-", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void PassesOnTheExecutor(string name)
    {
        using var m = Run(RiscvTests.Elf(name));
        Assert.True(m.Exited, $"{name} did not exit in {MaxCycles} cycles");
        Assert.True(m.ExitCode == 0, $"{name} failed test case {m.ExitCode} (pc 0x{m.Pc:x8})");
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void PassesUnderQemu(string name)
    {
        Assert.True(Qemu.Available, "qemu-riscv32 is missing: run scripts/setup.sh");
        var q = Qemu.Run(RiscvTests.Elf(name));
        Assert.True(q.ExitCode == 0, $"{name} failed test case {q.ExitCode} under qemu-riscv32");
    }

    /// <summary>The two conformance programs that leave the proven model (ProvenModel): misaligned data and self-modifying code.</summary>
    private static readonly Dictionary<string, FaultKind> OutsideProvenModel = new()
    {
        ["rv32ui-ma_data"] = FaultKind.MisalignedAccess,
        ["rv32ui-fence_i"] = FaultKind.StoreIntoCode,
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void SegmentsAtPo2ThirteenReplayToTheSameFinalState(string name)
    {
        var program = ElfProgram.Load(RiscvTests.Path(name));
        if (OutsideProvenModel.TryGetValue(name, out var fault))
        {
            // Segmented execution makes records to prove: it refuses what the circuit cannot prove.
            var e = Assert.Throws<GuestFaultException>(() => Executor.Run(program, ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 13, MaxCycles = MaxCycles, KeepRecords = true }));
            Assert.Equal(fault, e.Kind);
            return;
        }

        var records = new List<SegmentRecord>();
        var report = Executor.Run(program, ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 13, MaxCycles = MaxCycles, KeepRecords = true }, records.Add);
        Assert.Equal(0u, report.ExitCode);

        using var plain = Run(File.ReadAllBytes(RiscvTests.Path(name)));
        Assert.Equal(plain.Cycles, report.UserCycles);
        Assert.Equal(plain.Registers.ToArray(), report.Final.Registers);
        Assert.Equal(plain.Pc, report.Final.Pc);

        var pre = report.ImageId;
        SystemState? last = null;
        foreach (var record in records)
        {
            Assert.Equal(pre, record.Pre.Digest);
            last = SegmentReplay.Verify(record);
            Assert.Equal(record.Post, last);
            pre = last.Digest;
        }

        Assert.True(records.Count > 0 && records[^1].Exited, $"{name}: the last segment should end in the exit");
        Assert.Equal(report.Final, last);
    }

    [Fact]
    public void AWrongExpectationFailsWithItsCaseNumberOnTheExecutor()
    {
        using var m = Run(RiscvTests.Elf("selftest-fail3"));
        Assert.True(m.Exited);
        Assert.Equal(3u, m.ExitCode);
    }

    [Fact]
    public void AWrongExpectationFailsWithItsCaseNumberUnderQemu()
    {
        Assert.True(Qemu.Available, "qemu-riscv32 is missing: run scripts/setup.sh");
        Assert.Equal(3, Qemu.Run(RiscvTests.Elf("selftest-fail3")).ExitCode);
    }
}
