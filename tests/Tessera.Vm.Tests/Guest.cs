using Tessera.Vm.Elf;
using Tessera.Vm.Execution;

namespace Tessera.Vm.Tests;

/// <summary>Builds and runs hand-assembled guests.</summary>
internal static class Guest
{
    public static Machine Run(IEnumerable<uint> code, byte[]? data = null, byte[]? input = null, long maxCycles = 10_000_000)
    {
        var m = new Machine(ElfProgram.Parse(TestElf.Build(code, data)), input ?? []);
        try
        {
            m.Run(maxCycles);
            return m;
        }
        catch
        {
            m.Dispose();
            throw;
        }
    }

    public static GuestFaultException Fault(IEnumerable<uint> code, byte[]? data = null, byte[]? input = null, long maxCycles = 10_000_000)
    {
        using var m = new Machine(ElfProgram.Parse(TestElf.Build(code, data)), input ?? []);
        return Assert.Throws<GuestFaultException>(() => m.Run(maxCycles));
    }

    public static uint Word(Machine m, uint address) => BitConverter.ToUInt32(m.ReadMemory(address, 4));
}
