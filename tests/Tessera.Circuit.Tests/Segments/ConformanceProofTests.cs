using Tessera.Vm.Elf;
using Tessera.Vm.Segments;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>The official rv32ui/rv32um programs, proven and verified segment by segment at po2 13, their claims chained.</summary>
public sealed class ConformanceProofTests
{
    private static readonly string Bin = Path.Combine(AppContext.BaseDirectory, "../../../../../guest/riscv-tests/bin");

    /// <summary>Every conformance program inside the proven model (ma_data and fence_i leave it: the executor refuses them).</summary>
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Bin, "rv32u*.elf").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(f);
            if (name is not ("rv32ui-ma_data" or "rv32ui-fence_i"))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Proves_and_verifies_segment_by_segment(string name)
    {
        var elf = ElfProgram.Load(Path.Combine(Bin, name + ".elf"));
        var records = new List<SegmentRecord>();
        var report = Executor.Run(elf, ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 13, KeepRecords = true, MaxCycles = 1 << 20 }, records.Add);
        Assert.Equal(0u, report.ExitCode);
        var circuit = Rv32imCircuit.For(elf);
        var pre = report.ImageId;
        foreach (var record in records)
        {
            var (claim, proof) = circuit.Prove(record, Poseidon2Fixtures.Fast);
            circuit.Verify(claim, proof, record.Po2, Poseidon2Fixtures.Fast);
            Assert.Equal(pre, claim.PreDigest);
            pre = claim.PostDigest;
        }

        Assert.Equal(report.Final.Digest, pre);
    }
}
