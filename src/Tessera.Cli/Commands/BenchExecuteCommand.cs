using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;

using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Guests;
using Tessera.Vm.Segments;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera bench execute</c>: executor throughput on a ≥ 100 M-cycle guest, next to qemu-riscv32.</summary>
internal static class BenchExecuteCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print the figures as JSON." };

    private static readonly Option<bool> Inflation = new("--inflation") { Description = "Also print segments and inflation for po2 15..22 on the sha256 example (≈ 51 M cycles)." };

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
            Inflation,
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

        var (plainSeconds, plainCpu) = Timed(() =>
        {
            using var m = new Machine(program, ReadOnlyMemory<byte>.Empty);
            m.Run(long.MaxValue);
            return m.Cycles;
        }, out var cycles);
        var journal = Convert.ToHexStringLower(LoopGuestJournal(program));

        long recordBytes = 0;
        var segments = 0;
        var (segSeconds, segCpu) = Timed(() =>
        {
            var report = Executor.Run(program, ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 20, KeepRecords = true }, r =>
            {
                recordBytes += SegmentCodec.Serialize(r).Length;
                segments++;
            });
            return report.UserCycles;
        }, out _);
        var inflation = parse.GetValue(Inflation) ? InflationTable(output) : null;

        var qemu = QemuTime(elf, out var qemuJournal);
        var result = new BenchExecuteResult(
            "loop guest (xorshift table update)",
            cycles,
            plainSeconds,
            cycles / plainSeconds / 1e6,
            cycles / plainCpu / 1e6,
            segSeconds,
            cycles / segSeconds / 1e6,
            cycles / segCpu / 1e6,
            segments,
            segments == 0 ? 0 : recordBytes / segments,
            qemu,
            qemu is null ? null : cycles / qemu.Value / 1e6,
            qemuJournal is null ? null : qemuJournal == journal,
            inflation);
        if (parse.GetValue(Json))
        {
            output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
        }
        else
        {
            output.WriteLine($"guest            {result.Guest}, {cycles:N0} cycles");
            output.WriteLine($"plain            {result.PlainSeconds:F3} s   {result.PlainMhz:F1} M cycles/s (wall), {result.PlainCpuMhz:F1} (CPU time)");
            output.WriteLine($"segment records  {result.SegmentedSeconds:F3} s   {result.SegmentedMhz:F1} M cycles/s (wall), {result.SegmentedCpuMhz:F1} (CPU time); po2 20: {result.Segments} segments, {result.BytesPerSegment:N0} bytes each");
            output.WriteLine(qemu is null
                ? "qemu-riscv32     not installed"
                : $"qemu-riscv32     {qemu:F3} s   {result.QemuMhz:F1} M cycles/s   journal {(result.QemuAgrees == true ? "agrees" : "DIFFERS")}");
        }

        if (inflation is not null)
        {
            output.WriteLine("po2  segments  inflation   (sha256 guest, 640 KB input)");
            foreach (var row in inflation)
            {
                output.WriteLine($"{row.Po2,3}  {row.Segments,8}  {row.Inflation,9:F4}");
            }
        }

        return 0;
    }

    private static byte[] LoopGuestJournal(ElfProgram program)
    {
        using var m = new Machine(program, ReadOnlyMemory<byte>.Empty);
        m.Run(long.MaxValue);
        return m.Journal.ToArray();
    }

    /// <summary>Wall and CPU seconds of <paramref name="work"/>; CPU time is less disturbed by other load on a shared machine.</summary>
    private static (double Wall, double Cpu) Timed(Func<long> work, out long result)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        result = work();
        var wall = sw.Elapsed.TotalSeconds;
        return (wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>Segments and inflation for po2 15..22 on the sha256 example with 640 KB of input (about 51 M cycles).</summary>
    private static List<InflationRow>? InflationTable(TextWriter output)
    {
        var dir = new DirectoryInfo(Environment.CurrentDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "guest", "examples", "bin", "sha256.elf")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            output.WriteLine("inflation table: guest/examples/bin/sha256.elf not found above the current directory");
            return null;
        }

        var program = ElfProgram.Load(Path.Combine(dir.FullName, "guest", "examples", "bin", "sha256.elf"));
        var input = new byte[640_000];
        new Random(1).NextBytes(input);
        var rows = new List<InflationRow>();
        for (var po2 = 15; po2 <= 22; po2++)
        {
            var r = Executor.Run(program, input, new ExecutionOptions { Po2 = po2 });
            rows.Add(new InflationRow(po2, r.Segments, r.UserCycles, r.TotalCycles, Math.Round(r.Inflation, 4)));
        }

        return rows;
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
