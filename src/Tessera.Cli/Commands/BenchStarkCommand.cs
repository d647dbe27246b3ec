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

    private static readonly Option<int> Rounds = new("--rounds")
    {
        Description = "With --cost-model: rounds of the time groups (each point of a group proven once a round); the time rows are medians over them.",
        DefaultValueFactory = _ => 8,
    };

    // One cost-model configuration in this process: how --cost-model runs each point in a child.
    private static readonly Option<string?> CostPoint = new("--cost-point") { Hidden = true };

    // One cost-model time group (points, comma-separated) proven in turn in this process, --repeat rounds.
    private static readonly Option<string?> CostGroup = new("--cost-group") { Hidden = true };

    private static readonly Option<string[]> Profiles = new("--params")
    {
        Description = "Parameter sets to run, taking turns proof by proof: default, legacy (the conjectured-only defaults before issue 10), test, " +
            "or changes to the default such as log_blowup=2,queries=118,pow=20,lookup_pow=16,deep_pow=8,batching_pow=16,arity=3,final=0.",
        DefaultValueFactory = _ => ["default"],
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>The defaults before issue 10: 100 conjectured bits, about 51 proven.</summary>
    internal static readonly ProofParameters Legacy = ProofParameters.Default with
    {
        NumQueries = 85,
        ProofOfWorkBits = 16,
        LookupProofOfWorkBits = 0,
        DeepProofOfWorkBits = 0,
        BatchingProofOfWorkBits = 0,
    };

    public static Command Create()
    {
        var command = new Command("stark", "Prove and verify a 128-column degree-3 AIR with one bus into a 2^16-row table; time, size, memory, security.")
        {
            Json,
            Sizes,
            Repeat,
            CostModelFlag,
            CompareWith,
            Rounds,
            CostPoint,
            CostGroup,
            Profiles,
        };
        command.SetAction(Run);
        return command;
    }

    internal static ProofParameters ParseProfile(string spec)
    {
        switch (spec)
        {
            case "default":
                return ProofParameters.Default;
            case "legacy":
                return Legacy;
            case "test":
                return ProofParameters.Test;
        }

        var p = ProofParameters.Default;
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=');
            var v = kv.Length == 2 && int.TryParse(kv[1], out var n) ? n : throw new ArgumentException($"Not key=value: '{part}'.");
            p = kv[0] switch
            {
                "log_blowup" => p with { LogBlowup = v },
                "queries" => p with { NumQueries = v },
                "pow" => p with { ProofOfWorkBits = v },
                "lookup_pow" => p with { LookupProofOfWorkBits = v },
                "deep_pow" => p with { DeepProofOfWorkBits = v },
                "batching_pow" => p with { BatchingProofOfWorkBits = v },
                "arity" => p with { LogFoldingArity = v },
                "final" => p with { LogFinalPolyLength = v },
                _ => throw new ArgumentException($"Unknown parameter '{kv[0]}'."),
            };
        }

        p.Validate();
        return p;
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

        if (parse.GetValue(CostGroup) is { } group)
        {
            var sizes = parse.GetValue(Sizes) ?? [18];
            output.WriteLine(JsonSerializer.Serialize(CostModel.RunGroup(group.Split(','), sizes[0], parse.GetValue(Repeat)), CliJson.Options));
            return 0;
        }

        if (parse.GetValue(CostModelFlag))
        {
            return RunCostModel(parse, output);
        }
        var machine = new Tessera.Stark.Machine(new SyntheticAir(), new U16TableAir());
        var results = new List<BenchStarkResult>();
        var specs = parse.GetValue(Profiles) ?? ["default"];
        var sets = specs.Select(ParseProfile).ToArray();

        // Each verifier is configured once with the parameters it accepts (its key, the
        // preprocessed commitment, derived once), as a node would; then a warm-up for the JIT.
        var verifiers = sets.Select(p => new StarkVerifier(machine, p)).ToArray();
        for (var k = 0; k < sets.Length; k++)
        {
            var (a, t) = SyntheticAir.Witness(10, 0);
            verifiers[k].Verify([[], []], StarkProver.Prove(machine, [a, t], sets[k], debugCheck: false));
        }

        // Every height up to 2^24: the weakest report (every term grows with the heights).
        var worst = sets.Select(p => SecurityReport.WorstCase(machine, p)).ToArray();
        foreach (var log in parse.GetValue(Sizes) ?? [16, 18])
        {
            var (main, table) = SyntheticAir.Witness(log, log);

            // The parameter sets take turns, proof by proof, so a shared machine's changing load
            // falls on all of them alike.
            var times = sets.Select(_ => new List<double>()).ToArray();
            var proofs = new StarkProof?[sets.Length];
            var sw = new Stopwatch();
            for (var i = 0; i < Math.Max(1, parse.GetValue(Repeat)); i++)
            {
                for (var k = 0; k < sets.Length; k++)
                {
                    proofs[k] = null;
                    sw.Restart();
                    proofs[k] = StarkProver.Prove(machine, [main, table], sets[k], debugCheck: false);
                    times[k].Add(sw.Elapsed.TotalMilliseconds);
                }
            }

            for (var k = 0; k < sets.Length; k++)
            {
                var p = sets[k];
                var firstMs = times[k][0];
                var steady = times[k].Count > 1 ? times[k].Skip(1).Order().ToList() : times[k];
                var proveMs = steady[steady.Count / 2];
                var bytes = ProofCodec.Encode(proofs[k]!);

                // The best of five verifications after a first one (which still meets code paths cold):
                // on a shared machine only extra time is ever added.
                verifiers[k].Verify([[], []], verifiers[k].Decode(bytes));
                var verifyMs = double.MaxValue;
                for (var v = 0; v < 5; v++)
                {
                    sw.Restart();
                    verifiers[k].Verify([[], []], verifiers[k].Decode(bytes));
                    verifyMs = Math.Min(verifyMs, sw.Elapsed.TotalMilliseconds);
                }
                var rss = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
                var report = SecurityReport.For(machine, p, proofs[k]!.LogHeights);
                var weakest = report.UniqueDecoding.Components.MinBy(c => c.Value).Key;
                var r = new BenchStarkResult(specs[k], Describe(p), log, proveMs, firstMs, verifyMs, bytes.Length, rss,
                    SecurityReport.Conjectured(p), report.UniqueDecoding.Total, report.Johnson.Total, weakest,
                    worst[k].UniqueDecoding.Total, worst[k].Johnson.Total);
                results.Add(r);
                if (!parse.GetValue(Json))
                {
                    output.WriteLine($"{specs[k]} ({r.Parameters})  2^{log} rows  prove_ms {proveMs:F0} (first {firstMs:F0})  verify_ms {verifyMs:F1}  " +
                        $"proof_bytes {bytes.Length:N0}  peak_rss_mb {rss:F0}  proven_bits UDR {r.ProvenBitsUdr} (weakest: {weakest}), " +
                        $"JBR {r.ProvenBitsJbr}; up to 2^24: UDR {r.ProvenBitsUdrUpTo2p24}, JBR {r.ProvenBitsJbrUpTo2p24}; conjectured {r.ConjecturedBits}");
                }
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
        var result = CostModel.Run(sizes, parse.GetValue(Repeat), Math.Max(1, parse.GetValue(Rounds)), json ? null : output, parse.GetValue(CompareWith));
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

        // The time rows' noise, then the same rows from CPU time (bytes are not repeated: '-').
        if (sizes.Count > 0 && sizes[0].WallNoise is not null)
        {
            output.WriteLine(FormattableString.Invariant(
                $"time rows: medians over {sizes.Min(s => s.Rounds)} rounds of paired differences; ± = half-width of the median's confidence interval (≥ {100 * sizes.Min(s => s.ConfidenceLevel):F0} %)"));
            foreach (var s in sizes)
            {
                output.WriteLine("± wall  " + TimeLine(s.LogRows, s.WallNoise!, "±"));
            }

            foreach (var s in sizes)
            {
                output.WriteLine("cpu     " + TimeLine(s.LogRows, s.Cpu!, ""));
                output.WriteLine("± cpu   " + TimeLine(s.LogRows, s.CpuNoise!, "±"));
            }
        }
    }

    private static string TimeLine(int log, CostModelTime t, string sign) => FormattableString.Invariant(
        $"2^{log} | {sign}{t.MainCellNs:F1} - | {sign}{t.FixedPerRowNs:F0} - | {sign}{t.Degree2ConstraintNs:F2} - | {sign}{t.Degree3ConstraintNs:F2} - {sign}{t.Degree3StepCells:F1} | ") +
        FormattableString.Invariant($"{sign}{t.ExtraSendNs:F0} - {sign}{t.ExtraSendCells:F1} | {sign}{t.FirstBusNs:F0} - {sign}{t.FirstBusCells:F1} | ") +
        FormattableString.Invariant($"{sign}{t.ExtraTableNs:F0} - {sign}{t.ExtraTableCells:F1} {sign}{t.ExtraTablePercent:F1} |");

    private static string Describe(ProofParameters p) =>
        $"log_blowup {p.LogBlowup}, {p.NumQueries} queries, pow {p.ProofOfWorkBits}/{p.LookupProofOfWorkBits}/{p.DeepProofOfWorkBits}/{p.BatchingProofOfWorkBits} " +
        $"(query/lookup/deep/batching), arity 2^{p.LogFoldingArity}, final 2^{p.LogFinalPolyLength}";
}

/// <summary>One size's figures.</summary>
/// <remarks>
/// Proven bits follow ethereum/soundcalc (<see cref="SecurityReport"/>): at this proof's heights, and the
/// weakest over every height up to 2^24. <c>peak_rss_mb</c> is the process peak so far: with several
/// parameter sets in one run it is the largest of them.
/// </remarks>
internal sealed record BenchStarkResult(string Profile, string Parameters, int LogRows, double ProveMs, double FirstProveMs, double VerifyMs,
    int ProofBytes, double PeakRssMb, int ConjecturedBits, int ProvenBitsUdr, int ProvenBitsJbr, string WeakestComponent,
    int ProvenBitsUdrUpTo2p24, int ProvenBitsJbrUpTo2p24);
