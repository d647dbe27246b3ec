using System.CommandLine;
using System.Text.Json;

using Tessera.Rollup;
using Tessera.Zkvm;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera bench prove-block</c>: a generated rollup block proven end to end, receipt verified, figures reported.</summary>
internal static class BenchProveBlockCommand
{
    private static readonly Option<int> Txs = new("--txs") { Description = "Transfers in the block (about 4.7 M cycles each with signatures).", DefaultValueFactory = _ => 20 };

    private static readonly Option<int> Accounts = new("--accounts") { Description = "Keyed accounts in the pre-state.", DefaultValueFactory = _ => 1000 };

    private static readonly Option<int> Po2 = new("--po2") { Description = "log2 of the cycles per segment (13..24).", DefaultValueFactory = _ => 19 };

    private static readonly Option<int> InFlight = new("--segments-in-flight") { Description = "Segments proven at once.", DefaultValueFactory = _ => 1 };

    private static readonly Option<bool> NoSignatures = new("--no-sig") { Description = "Use rollup-nosig.elf (signatures not checked)." };

    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Also write the receipt here." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the figures as JSON (progress lines go to stderr)." };

    private static readonly Option<bool> Insecure = ProofOptions.InsecureTestParameters();

    public static Command Create()
    {
        var command = new Command("prove-block", "Prove a generated rollup block end to end: user cycles, segments, wall time, kHz, peak memory, receipt size, verify time.")
        {
            Txs, Accounts, Po2, InFlight, NoSignatures, Out, Json, Insecure,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var json = parse.GetValue(Json);
        var signatures = !parse.GetValue(NoSignatures);
        var elf = RollupProof.DefaultElf(signatures);
        if (!elf.Exists)
        {
            error.WriteLine($"bench prove-block: {elf.FullName} not found (run from the repository root)");
            return 2;
        }

        var options = new ProveOptions
        {
            Po2 = parse.GetValue(Po2),
            SegmentsInFlight = parse.GetValue(InFlight),
            Parameters = ProofOptions.Parameters(parse.GetValue(Insecure)),
        };
        var txs = parse.GetValue(Txs);
        var r = RollupProof.Run(elf, new BlockOptions(parse.GetValue(Accounts), txs, CheckSignatures: signatures), options, quiet: false, json ? error : output);
        if (parse.GetValue(Out) is { } file)
        {
            ReceiptFile.Write(file, r.Receipt);
        }

        var v = r.Verified;
        var result = new BenchProveBlockResult(txs, signatures, options.Po2, options.SegmentsInFlight, v.Cycles, v.Segments, Math.Round(r.ProveSeconds, 2),
            Math.Round(v.Cycles / r.ProveSeconds / 1e3, 2), Math.Round(v.Cycles / r.ProveSeconds / Environment.ProcessorCount / 1e3, 2),
            Math.Round(r.PeakRssMb, 1), r.ReceiptBytes, Math.Round(r.VerifySeconds, 3), v.ProvenBits, r.MatchesOracle, Environment.ProcessorCount);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
        }
        else
        {
            output.WriteLine($"block {txs} transfers ({(signatures ? "signed" : "unsigned")}), po2 {options.Po2}: {v.Cycles:N0} user cycles in {v.Segments} segments");
            output.WriteLine($"prove_s {result.ProveS:F1}  khz {result.Khz:F1} ({result.KhzPerCore:F1} per core, {result.Cores} cores)  peak_rss_mb {result.PeakRssMb:F0}");
            output.WriteLine($"receipt_bytes {r.ReceiptBytes:N0}  verify_s {result.VerifyS:F2}  proven_bits {v.ProvenBits}  journal_matches_oracle {r.MatchesOracle}");
        }

        return r.MatchesOracle ? 0 : 1;
    }
}

/// <summary>The figures of <c>bench prove-block</c>.</summary>
internal sealed record BenchProveBlockResult(int Txs, bool Signatures, int Po2, int SegmentsInFlight, ulong UserCycles, int Segments, double ProveS,
    double Khz, double KhzPerCore, double PeakRssMb, int ReceiptBytes, double VerifyS, int ProvenBits, bool JournalMatchesOracle, int Cores);
