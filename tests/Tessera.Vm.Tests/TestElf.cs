using Tessera.Vm.Guests;

namespace Tessera.Vm.Tests;

/// <summary>Builds minimal static rv32 ELF executables: code at 0x10000 (R+X) and a data segment (R+W).</summary>
internal static class TestElf
{
    public const uint CodeBase = 0x0001_0000;
    public const uint DataBase = 0x0010_0000;
    public const uint DataSize = 0x0001_0000;

    public static byte[] Build(IEnumerable<uint> code, byte[]? data = null, uint dataSize = DataSize) =>
        MinimalElf.Build(code.ToArray(), CodeBase, data ?? [], DataBase, dataSize);
}
