using System.Diagnostics;

namespace Tessera.Vm.Tests;

/// <summary>Runs an ELF under qemu-riscv32 (the differential oracle), input on fd 0, journal captured from fd 3.</summary>
internal static class Qemu
{
    public const string Binary = "/usr/bin/qemu-riscv32";

    public static bool Available => !OperatingSystem.IsWindows() && File.Exists(Binary);

    public static (int ExitCode, byte[] Stdout, byte[] Journal) Run(byte[] elf, byte[]? input = null)
    {
        var dir = Directory.CreateTempSubdirectory("tessera-qemu-");
        try
        {
            var elfPath = Path.Combine(dir.FullName, "guest.elf");
            var inPath = Path.Combine(dir.FullName, "input.bin");
            var outPath = Path.Combine(dir.FullName, "stdout.bin");
            var journalPath = Path.Combine(dir.FullName, "journal.bin");
            File.WriteAllBytes(elfPath, elf);

            // qemu-user refuses, silently, to load a file without the execute bit.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(elfPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            File.WriteAllBytes(inPath, input ?? []);
            var psi = new ProcessStartInfo("/bin/sh")
            {
                ArgumentList = { "-c", $"exec {Binary} '{elfPath}' < '{inPath}' > '{outPath}' 3> '{journalPath}'" },
                UseShellExecute = false,
            };
            using var p = Process.Start(psi)!;
            if (!p.WaitForExit(60_000))
            {
                p.Kill();
                throw new TimeoutException("qemu-riscv32 did not finish in 60 s");
            }

            return (p.ExitCode, File.ReadAllBytes(outPath), File.ReadAllBytes(journalPath));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("TESSERA_KEEP_QEMU") is null) { dir.Delete(recursive: true); }
        }
    }
}
