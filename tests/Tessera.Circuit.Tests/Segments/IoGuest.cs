using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>
/// A guest of every transfer syscall: read(0, buf, 9) from a 6-byte input (count 6, so the read's
/// slack is 3), write(1, buf, count) to stdout, write(3, buf, 6) to the journal, exit(0). The
/// buffer starts at offset 1 of a data word, so every transfer spans two words.
/// </summary>
internal static class IoGuest
{
    private const int A0 = 10, A1 = 11, A2 = 12, A7 = 17;

    /// <summary>The input the guest reads.</summary>
    public static readonly byte[] Input = "advice"u8.ToArray();

    /// <summary>The ECALL rows, in order: read, stdout write, journal write, exit.</summary>
    public const int ReadRow = 0, StdoutRow = 1, JournalRow = 2, ExitRow = 3;

    /// <summary>The data segment (zeroes: the read fills it).</summary>
    public static byte[] Data => new byte[16];

    public static IEnumerable<uint> Program()
    {
        yield return Asm.Lui(A1, TestElf.DataBase >> 12);
        yield return Asm.Addi(A1, A1, 1);
        yield return Asm.Addi(A0, 0, 0);
        yield return Asm.Addi(A2, 0, 9);
        yield return Asm.Addi(A7, 0, 63);
        yield return 0x0000_0073;
        yield return Asm.Addi(A2, A0, 0);
        yield return Asm.Addi(A0, 0, 1);
        yield return Asm.Addi(A7, 0, 64);
        yield return 0x0000_0073;
        yield return Asm.Addi(A0, 0, 3);
        yield return Asm.Addi(A2, 0, 6);
        yield return 0x0000_0073;
        yield return Asm.Addi(A0, 0, 0);
        yield return Asm.Addi(A7, 0, 93);
        yield return 0x0000_0073;
    }
}
