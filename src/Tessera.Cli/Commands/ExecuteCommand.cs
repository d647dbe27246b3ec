using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

using Spectre.Console;

using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera execute</c>: run a guest ELF, cut it into segments, report output and cycle accounting.</summary>
internal static class ExecuteCommand
{
    private static readonly Argument<FileInfo> Elf = new("elf") { Description = "The guest: a static rv32im ELF." };

    private static readonly Option<FileInfo?> Input = new("--input") { Description = "File whose bytes the guest reads on fd 0." };

    private static readonly Option<int> Po2 = new("--po2")
    {
        Description = "log2 of the cycles per segment (13..24).",
        DefaultValueFactory = _ => 20,
    };

    private static readonly Option<long> MaxCycles = new("--max-cycles")
    {
        Description = "Stop a guest that has not exited after this many user cycles.",
        DefaultValueFactory = _ => 100_000_000_000,
    };

    private static readonly Option<int> PageBytes = new("--page-bytes")
    {
        Description = "Page size of the memory commitment (64..4096, a power of two).",
        DefaultValueFactory = _ => PageLayout.Default.PageBytes,
    };

    private static readonly Option<DirectoryInfo?> EmitSegments = new("--emit-segments") { Description = "Write each segment record to DIR/segment-NNNNN.bin." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON." };

    public static Command Create()
    {
        var command = new Command("execute", "Run a guest ELF: exit code, journal, stdout and cycle accounting per segment size.")
        {
            Elf,
            Input,
            Po2,
            MaxCycles,
            PageBytes,
            EmitSegments,
            Json,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var json = parse.GetValue(Json);
        var pageBytes = parse.GetValue(PageBytes);
        if (pageBytes < 64 || pageBytes > 4096 || !int.IsPow2(pageBytes))
        {
            error.WriteLine($"error: --page-bytes {pageBytes} is not a power of two in 64..4096");
            return 2;
        }

        var emit = parse.GetValue(EmitSegments);
        var options = new ExecutionOptions
        {
            Po2 = parse.GetValue(Po2),
            MaxCycles = parse.GetValue(MaxCycles),
            Layout = new PageLayout(int.Log2(pageBytes)),
            KeepRecords = emit is not null,
        };

        try
        {
            var program = ElfProgram.Load(parse.GetRequiredValue(Elf).FullName);
            var input = parse.GetValue(Input) is { } file ? File.ReadAllBytes(file.FullName) : [];
            if (emit is not null)
            {
                Directory.CreateDirectory(emit.FullName);
            }

            long recordBytes = 0;
            Action<SegmentRecord>? onSegment = emit is null ? null : r =>
            {
                var bytes = SegmentCodec.Serialize(r);
                recordBytes += bytes.Length;
                File.WriteAllBytes(Path.Combine(emit.FullName, $"segment-{r.Index:D5}.bin"), bytes);
            };

            var sw = Stopwatch.StartNew();
            var report = WithProgress(json, output, progress => Executor.Run(program, input, options, onSegment, progress));
            var seconds = sw.Elapsed.TotalSeconds;
            var result = new ExecuteResult(
                report.ExitCode,
                Convert.ToHexStringLower(report.Journal),
                Encoding.UTF8.GetString(report.Stdout),
                report.UserCycles,
                report.PagingCycles,
                report.TotalCycles,
                report.Segments,
                options.Po2,
                Math.Round(report.Inflation, 4),
                report.ImageId.ToString(),
                report.Final.Digest.ToString(),
                Math.Round(report.UserCycles / seconds / 1e6, 2),
                Math.Round(seconds, 3),
                emit is null ? null : recordBytes / report.Segments);
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
            }
            else
            {
                if (result.Stdout.Length > 0)
                {
                    output.Write(result.Stdout);
                    if (!result.Stdout.EndsWith('\n'))
                    {
                        output.WriteLine();
                    }
                }

                output.WriteLine($"exit_code      {result.ExitCode}");
                output.WriteLine($"journal        {result.Journal}");
                output.WriteLine($"user_cycles    {result.UserCycles}");
                output.WriteLine($"paging_cycles  {result.PagingCycles}");
                output.WriteLine($"total_cycles   {result.TotalCycles}");
                output.WriteLine($"segments       {result.Segments} (po2 {result.Po2})");
                output.WriteLine($"inflation      {result.Inflation:F4}");
                output.WriteLine($"image_id       {result.ImageId}");
                output.WriteLine($"final_state    {result.FinalState}");
                output.WriteLine($"mhz            {result.Mhz:F2} ({result.Seconds:F3} s)");
                if (result.BytesPerSegment is { } b)
                {
                    output.WriteLine($"segment_bytes  {b} per segment, written to {emit!.FullName}");
                }
            }

            return 0;
        }
        catch (Exception e) when (e is InvalidElfException or GuestFaultException or UnsupportedPo2Exception or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return e is GuestFaultException ? 3 : 2;
        }
    }

    /// <summary>Runs <paramref name="work"/> with a progress display: Spectre's on a terminal, a plain line a second otherwise.</summary>
    private static ExecutionReport WithProgress(bool json, TextWriter output, Func<Action<long>, ExecutionReport> work)
    {
        if (json)
        {
            return work(_ => { });
        }

        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            ExecutionReport? report = null;
            AnsiConsole.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask("executing").IsIndeterminate();
                report = work(cycles => task.Description = $"executing: {cycles / 1e6:F1} M cycles");
            });
            return report!;
        }

        var last = Stopwatch.StartNew();
        return work(cycles =>
        {
            if (last.Elapsed.TotalSeconds >= 1)
            {
                output.WriteLine($"progress: {cycles / 1e6:F1} M cycles");
                last.Restart();
            }
        });
    }
}
