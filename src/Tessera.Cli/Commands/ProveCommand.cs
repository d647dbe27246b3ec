using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;

using Tessera.Vm;
using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Segments;
using Tessera.Zkvm;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera prove</c>: prove a whole run of a guest into one receipt file.</summary>
internal static class ProveCommand
{
    private static readonly Argument<FileInfo> Elf = new("elf") { Description = "The guest: a static rv32im ELF." };

    private static readonly Option<FileInfo?> Input = new("--input") { Description = "File whose bytes the guest reads on fd 0." };

    private static readonly Option<int> Po2 = new("--po2")
    {
        Description = "log2 of the cycles per segment (13..24); 19 fits a 2 GB prover.",
        DefaultValueFactory = _ => 19,
    };

    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Where to write the receipt (default: <elf name>.receipt here)." };

    private static readonly Option<int> InFlight = new("--segments-in-flight")
    {
        Description = "Segments proven at once (memory grows with it; each proof uses every core).",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<long> MaxCycles = new("--max-cycles")
    {
        Description = "Stop a guest that has not exited after this many user cycles.",
        DefaultValueFactory = _ => 100_000_000_000,
    };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON (no progress display)." };

    private static readonly Option<bool> Insecure = ProofOptions.InsecureTestParameters();

    public static Command Create()
    {
        var command = new Command("prove", "Prove a whole run of a guest: segments proven in parallel, joined into one receipt that `tessera verify` checks.")
        {
            Elf, Input, Po2, Out, InFlight, MaxCycles, Json, Insecure,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var json = parse.GetValue(Json);
        var elfFile = parse.GetRequiredValue(Elf);
        var outFile = parse.GetValue(Out) ?? new FileInfo(Path.GetFileNameWithoutExtension(elfFile.Name) + ".receipt");
        var options = new ProveOptions
        {
            Po2 = parse.GetValue(Po2),
            SegmentsInFlight = parse.GetValue(InFlight),
            MaxCycles = parse.GetValue(MaxCycles),
            Parameters = ProofOptions.Parameters(parse.GetValue(Insecure)),
        };

        try
        {
            UnsupportedPo2Exception.ThrowIfUnsupported(options.Po2);
            if (options.SegmentsInFlight < 1)
            {
                error.WriteLine("error: --segments-in-flight must be at least 1");
                return 2;
            }

            var program = ElfProgram.Load(elfFile.FullName);
            var input = parse.GetValue(Input) is { } file ? File.ReadAllBytes(file.FullName) : [];
            var sw = Stopwatch.StartNew();
            var receipt = ProveDisplay.Run(json, output, progress => ZkvmProver.Prove(program, input, options, progress));
            var seconds = sw.Elapsed.TotalSeconds;
            var bytes = ReceiptCodec.Encode(receipt);

            ReceiptFile.Write(outFile, bytes);

            var claim = receipt.Claim();
            var result = new ProveResult(
                ImageId.Of(program).ToString(),
                outFile.FullName,
                bytes.Length,
                receipt.Segments.Count,
                options.Po2,
                claim.Cycles,
                claim.ExitCode,
                Convert.ToHexStringLower(receipt.Journal),
                Math.Round(seconds, 3),
                Math.Round(claim.Cycles / seconds / 1e3, 2),
                Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0), 1),
                options.Parameters == Tessera.Stark.Fri.ProofParameters.Default ? "default" : "insecure-test");
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
            }
            else
            {
                output.WriteLine($"receipt        {result.Receipt} ({result.ReceiptBytes:N0} bytes)");
                output.WriteLine($"image_id       {result.ImageId}");
                output.WriteLine($"segments       {result.Segments} (po2 {result.Po2})");
                output.WriteLine($"cycles         {result.Cycles:N0}");
                output.WriteLine($"exit_code      {result.ExitCode}");
                output.WriteLine($"journal        {result.Journal}");
                output.WriteLine($"prove_s        {result.ProveSeconds:F1} ({result.Khz:F1} kHz, peak {result.PeakRssMb:F0} MB)");
                output.WriteLine($"parameters     {result.Parameters}");
            }

            return 0;
        }
        catch (GuestFaultException e)
        {
            error.WriteLine($"error: the guest faulted, no receipt written: {e.Message}");
            return 3;
        }
        catch (Exception e) when (e is InvalidElfException or UnsupportedPo2Exception or InvalidSegmentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}

/// <summary>What <c>tessera prove</c> reports.</summary>
internal sealed record ProveResult(string ImageId, string Receipt, int ReceiptBytes, int Segments, int Po2, ulong Cycles, uint ExitCode,
    string Journal, double ProveSeconds, double Khz, double PeakRssMb, string Parameters);
