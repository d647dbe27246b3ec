using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;

using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Guests;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera bench execute</c>: executor throughput on a ≥ 100 M-cycle guest, next to qemu-riscv32.</summary>
internal static class BenchExecuteCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print the figures as JSON." };

    private static readonly Option<uint> Iterations = new("--iterations")
    {
        Description = "Loop iterations of the synthetic guest (15 cycles each).",
        DefaultValueFactory = _ => 7_000_000,
    };

    public static Command Create()
    {
        var command = new Command("execute", "Executor speed in M cycles/s: plain and with segment records, and qemu-riscv32 on the same ELF.")
        {
            Json,
            Iterations,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var elf = LoopGuest.Build(parse.GetValue(Iterations));
        var program = ElfProgram.Parse(elf);

        // Warm-up so the JIT has tiered the interpreter loop before the timed run.
        using (var warm = new Machine(program, ReadOnlyMemory<byte>.Empty))
        {
            warm.Run(long.MaxValue);
        }

        var sw = Stopwatch.StartNew();
        using var m = new Machine(program, ReadOnlyMemory<byte>.Empty);
        m.Run(long.MaxValue);
        var plainSeconds = sw.Elapsed.TotalSeconds;
        var cycles = m.Cycles;
        var journal = Convert.ToHexStringLower(m.Journal);

        var qemu = QemuTime(elf, out var qemuJournal);
        var result = new BenchExecuteResult(
            "loop guest (xorshift table update)",
            cycles,
            plainSeconds,
            cycles / plainSeconds / 1e6,
            qemu,
            qemu is null ? null : cycles / qemu.Value / 1e6,
            qemuJournal is null ? null : qemuJournal == journal);
        if (parse.GetValue(Json))
        {
            output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
        }
        else
        {
            output.WriteLine($"guest            {result.Guest}, {cycles:N0} cycles");
            output.WriteLine($"plain            {result.PlainSeconds:F3} s   {result.PlainMhz:F1} M cycles/s");
            output.WriteLine(qemu is null
                ? "qemu-riscv32     not installed"
                : $"qemu-riscv32     {qemu:F3} s   {result.QemuMhz:F1} M cycles/s   journal {(result.QemuAgrees == true ? "agrees" : "DIFFERS")}");
        }

        return 0;
    }

    private static double? QemuTime(byte[] elf, out string? journal)
    {
        journal = null;
        const string qemu = "/usr/bin/qemu-riscv32";
        if (!File.Exists(qemu) || OperatingSystem.IsWindows())
        {
            return null;
        }

        var dir = Directory.CreateTempSubdirectory("tessera-bench-");
        try
        {
            var path = Path.Combine(dir.FullName, "guest.elf");
            var journalPath = Path.Combine(dir.FullName, "journal.bin");
            File.WriteAllBytes(path, elf);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var psi = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", $"exec {qemu} '{path}' 3> '{journalPath}' < /dev/null" } };
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            var seconds = sw.Elapsed.TotalSeconds;
            journal = Convert.ToHexStringLower(File.ReadAllBytes(journalPath));
            return p.ExitCode == 0 ? seconds : null;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
