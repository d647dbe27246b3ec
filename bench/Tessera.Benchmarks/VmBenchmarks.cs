using BenchmarkDotNet.Attributes;

using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Guests;
using Tessera.Vm.Segments;

namespace Tessera.Benchmarks;

/// <summary>Executor throughput on the generated loop guest (1.5 M cycles per operation).</summary>
[MemoryDiagnoser]
public class VmBenchmarks
{
    private ElfProgram _program = null!;

    [GlobalSetup]
    public void Setup() => _program = ElfProgram.Parse(LoopGuest.Build(100_000, 64 * 1024));

    [Benchmark(Baseline = true)]
    public long Plain()
    {
        using var m = new Machine(_program, ReadOnlyMemory<byte>.Empty);
        m.Run(long.MaxValue);
        return m.Cycles;
    }

    [Benchmark]
    public long SegmentedPo2_18() =>
        Executor.Run(_program, ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 18 }).UserCycles;
}
