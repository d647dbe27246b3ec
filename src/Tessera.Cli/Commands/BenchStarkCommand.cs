using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;

using Tessera.Cli.Bench;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Security;
using Tessera.Stark.Synthetic;
using Tessera.Stark.Verifier;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera bench stark</c>: proves the synthetic 128-column AIR with a u16 lookup at 2^16 and 2^18 rows.</summary>
internal static class BenchStarkCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print the figures as JSON." };

    private static readonly Option<int[]> Sizes = new("--log-rows")
    {
        Description = "log2 of the trace heights to prove.",
        DefaultValueFactory = _ => [16, 18],
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<int> Repeat = new("--repeat")
    {
        Description = "Proofs per size: the first pays for fresh memory; prove_ms is the median of the rest (a node proving segment after segment).",
        DefaultValueFactory = _ => 3,
    };

    private static readonly Option<bool> CostModelFlag = new("--cost-model")
    {
        Description = "Measure the prover's cost model instead: ns and bytes per main cell, constraint, send, table and first bus (default heights 2^18 and 2^19).",
    };

    private static readonly Option<string?> CompareWith = new("--compare-with")
    {
        Description = "With --cost-model: another tessera build (its executable) to run every point on too, back to back with this one.",
    };

    // One cost-model configuration in this process: how --cost-model runs each point in a child.
    private static readonly Option<string?> CostPoint = new("--cost-point") { Hidden = true };

    public static Command Create()
    {
        var command = new Command("stark", "Prove and verify a 128-column degree-3 AIR with one bus into a 2^16-row table; time, size, memory, security.")
        {
            Json,
            Sizes,
            Repeat,
            CostModelFlag,
            CompareWith,
            CostPoint,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(CostPoint) is { } point)
        {
            var sizes = parse.GetValue(Sizes) ?? [18];
            output.WriteLine(JsonSerializer.Serialize(CostModel.RunPoint(point, sizes[0], parse.GetValue(Repeat)), CliJson.Options));
            return 0;
        }

        if (parse.GetValue(CostModelFlag))
        {
            return RunCostModel(parse, output);
        }

        var p = FriParameters.Default;
        var machine = new Tessera.Stark.Machine(new SyntheticAir(), new U16TableAir());
        var results = new List<BenchStarkResult>();

        // The verifying key (the preprocessed commitment) is fixed once, as a node would; then a
        // warm-up for the JIT at the smallest size.
        var key = VerifyingKey.For(machine, p.LogBlowup);
        {
            var (a, t) = SyntheticAir.Witness(10, 0);
            var proof = StarkProver.Prove(machine, [a, t], p, debugCheck: false);
            StarkVerifier.Verify(machine, key, [[], []], proof);
        }

        foreach (var log in parse.GetValue(Sizes) ?? [16, 18])
        {
            var (main, table) = SyntheticAir.Witness(log, log);
            var times = new List<double>();
            StarkProof? proof = null;
            var sw = new Stopwatch();
            for (var i = 0; i < Math.Max(1, parse.GetValue(Repeat)); i++)
            {
                proof = null;
                sw.Restart();
                proof = StarkProver.Prove(machine, [main, table], p, debugCheck: false);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }

            var firstMs = times[0];
            var steady = times.Count > 1 ? times.Skip(1).Order().ToList() : times;
            var proveMs = steady[steady.Count / 2];
            var bytes = ProofCodec.Encode(proof!);

            // Time the second verification: the first at a new size still meets code paths cold.
            StarkVerifier.Verify(machine, key, [[], []], ProofCodec.Decode(machine, bytes));
            sw.Restart();
            StarkVerifier.Verify(machine, key, [[], []], ProofCodec.Decode(machine, bytes));
            var verifyMs = sw.Elapsed.TotalMilliseconds;
            var rss = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var report = SecurityReport.For(p, Math.Max(log, U16TableAir.LogHeight));
            var r = new BenchStarkResult(log, proveMs, firstMs, verifyMs, bytes.Length, rss, report.ConjecturedBits,
                report.ProvenUniqueDecodingBits, report.ProvenJohnsonBits);
            results.Add(r);
            if (!parse.GetValue(Json))
            {
                output.WriteLine($"2^{log} rows  prove_ms {proveMs:F0} (first {firstMs:F0})  verify_ms {verifyMs:F1}  proof_bytes {bytes.Length:N0}  " +
                    $"peak_rss_mb {rss:F0}  conjectured_bits {report.ConjecturedBits}  (proven: UD {report.ProvenUniqueDecodingBits:F1}, Johnson {report.ProvenJohnsonBits:F1})");
            }
        }

        if (parse.GetValue(Json))
        {
            output.WriteLine(JsonSerializer.Serialize(results, CliJson.Options));
        }

        return 0;
    }

    private static int RunCostModel(ParseResult parse, TextWriter output)
    {
        var explicitSizes = parse.GetResult(Sizes) is { Implicit: false };
        var sizes = explicitSizes ? parse.GetValue(Sizes) ?? [18, 19] : [18, 19];
        var json = parse.GetValue(Json);
        var result = CostModel.Run(sizes, parse.GetValue(Repeat), json ? null : output, parse.GetValue(CompareWith));
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
            return 0;
        }

        output.WriteLine($"cores {result.Cores}, simd {result.Simd}, Poseidon2 w16 {result.Poseidon2W16PermsPerSecondAllCores:E3} perm/s on all cores");
        if (result.BaselineSizes is { } before)
        {
            output.WriteLine("baseline build:");
            WriteSizes(output, before);
            output.WriteLine("this build:");
        }

        WriteSizes(output, result.Sizes);
        return 0;
    }

    private static void WriteSizes(TextWriter output, IReadOnlyList<CostModelSize> sizes)
    {
        output.WriteLine("rows  | cell ns  B   | fixed/row ns  B | deg2 ns  B | deg3 ns  B  step cells | send ns  B  cells | 1st bus ns  B  cells | table ns  B  cells  % | merkle floor ns/cell");
        foreach (var s in sizes)
        {
            output.WriteLine(FormattableString.Invariant(
                $"2^{s.LogRows} | {s.MainCellNs:F1} {s.MainCellBytes:F1} | {s.FixedPerRowNs:F0} {s.FixedPerRowBytes:F0} | {s.Degree2ConstraintNs:F2} {s.Degree2ConstraintBytes:F2} | ") +
                FormattableString.Invariant($"{s.Degree3ConstraintNs:F2} {s.Degree3ConstraintBytes:F2} {s.Degree3StepCells:F1} | {s.ExtraSendNs:F0} {s.ExtraSendBytes:F1} {s.ExtraSendCells:F1} | ") +
                FormattableString.Invariant($"{s.FirstBusNs:F0} {s.FirstBusBytes:F0} {s.FirstBusCells:F1} | {s.ExtraTableNs:F0} {s.ExtraTableBytes:F0} {s.ExtraTableCells:F1} {s.ExtraTablePercent:F1} | {s.MerkleFloorNsPerCell:F1}"));
        }
    }
}

/// <summary>One size's figures.</summary>
internal sealed record BenchStarkResult(int LogRows, double ProveMs, double FirstProveMs, double VerifyMs, int ProofBytes, double PeakRssMb,
    int ConjecturedBits, double ProvenUniqueDecodingBits, double ProvenJohnsonBits);
