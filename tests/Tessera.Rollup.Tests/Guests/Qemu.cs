namespace Tessera.Rollup.Tests.Guests;

/// <summary>What a guest run produced.</summary>
internal sealed record GuestRun(int ExitCode, byte[] Journal, string Stdout, string Stderr);

/// <summary>Runs a guest ELF under qemu-riscv32 as GUEST-ABI says: input on fd 0, journal on fd 3.</summary>
internal static class Qemu
{
    public static GuestRun Run(string elf, ReadOnlySpan<byte> input)
    {
        var dir = Directory.CreateTempSubdirectory("tessera-guest-");
        try
        {
            var inPath = Path.Combine(dir.FullName, "in.bin");
            var journalPath = Path.Combine(dir.FullName, "journal.bin");
            File.WriteAllBytes(inPath, input.ToArray());
            var (code, output, err) = GuestTools.Run(
                "/bin/sh", "-c", "exec qemu-riscv32 \"$0\" < \"$1\" 3> \"$2\"", elf, inPath, journalPath);
            return new GuestRun(code, File.ReadAllBytes(journalPath), output, err);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
