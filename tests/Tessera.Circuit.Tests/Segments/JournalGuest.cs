using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>
/// A guest of ALU instructions and ECALLs only: twenty ADDs build the data address 2^20, then
/// write(3, data + 3, 11) commits an unaligned slice of <see cref="Data"/> to the journal and exit(7).
/// </summary>
internal static class JournalGuest
{
    private const int A0 = 10, A1 = 11, A2 = 12, A7 = 17;

    /// <summary>The data segment's contents (at <see cref="TestElf.DataBase"/>).</summary>
    public static readonly byte[] Data = "hello, journal"u8.ToArray();

    /// <summary>The ADD that cycle 21 executes is the last doubling of the buffer address.</summary>
    public static IEnumerable<uint> Program()
    {
        yield return Asm.Addi(A1, 0, 1);
        for (var i = 0; i < 20; i++)
        {
            yield return Asm.Op(0, 0, A1, A1, A1);
        }

        yield return Asm.Addi(A1, A1, 3);
        yield return Asm.Addi(A0, 0, 3);
        yield return Asm.Addi(A2, 0, 11);
        yield return Asm.Addi(A7, 0, 64);
        yield return 0x0000_0073;
        yield return Asm.Addi(A0, 0, 7);
        yield return Asm.Addi(A7, 0, 93);
        yield return 0x0000_0073;
    }
}
