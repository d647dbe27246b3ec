using Tessera.Vm.Elf;
using Tessera.Vm.Execution;

namespace Tessera.Rollup.Tests.Guests;

/// <summary>What a run on Tessera's executor produced.</summary>
internal sealed record ExecutorRun(int ExitCode, byte[] Journal, long Cycles);

/// <summary>Runs a committed guest ELF on Tessera's own RV32IM executor (no qemu needed).</summary>
internal static class Executor
{
    public static ExecutorRun Run(string elf, ReadOnlyMemory<byte> input, long maxCycles = 20_000_000_000)
    {
        using var m = new Machine(ElfProgram.Load(elf), input);
        m.Run(maxCycles);
        Assert.True(m.Exited);
        return new ExecutorRun((int)(m.ExitCode & 0xFF), m.Journal.ToArray(), m.Cycles);
    }
}
