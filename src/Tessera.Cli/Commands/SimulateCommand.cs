using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using Tessera.Network.Scheduling;
using Tessera.Planner.Charts;
using Tessera.Planner.Planning;
using Tessera.Planner.Profiles;
using Tessera.Planner.Simulation;
using Tessera.Planner.Units;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera simulate</c>: a proving network on a virtual clock, driven by the real scheduler.</summary>
internal static class SimulateCommand
{
    private static readonly Option<string> Profile = new("--profile")
    {
        Description = $"Prover profile: a JSON file or a shipped name ({string.Join(", ", ProfileStore.Shipped)}).",
        Required = true,
    };

    private static readonly Option<long> Cycles = new("--cycles")
    {
        Description = "User cycles of one job (block), cut by the profile's inflation curve.",
        DefaultValueFactory = _ => 65_560_000,
    };

    private static readonly Option<int?> Po2 = new("--po2") { Description = "Segment size; default: the plan's least-work po2 for the smallest node memory." };

    private static readonly Option<int> Nodes = new("--nodes") { Description = "Nodes at the start.", Required = true };

    private static readonly Option<int> Rollups = new("--rollups") { Description = "Concurrent job sources.", DefaultValueFactory = _ => 1 };

    private static readonly Option<string?> BlockInterval = new("--block-interval") { Description = "Each rollup submits a block this often (e.g. 5m); default one block each." };

    private static readonly Option<string?> Duration = new("--duration") { Description = "Simulated time (e.g. 1h); default: until every job is done." };

    private static readonly Option<string> Redundancy = new("--redundancy") { Description = "adaptive, or fixed:K.", DefaultValueFactory = _ => "adaptive" };

    private static readonly Option<double> Adversarial = new("--adversarial") { Description = "Fraction of adversarial nodes, 0..1." };

    private static readonly Option<string> Behaviours = new("--behaviours")
    {
        Description = "Adversaries' behaviours, dealt evenly: garbage, foreign, replayed, silent, slow.",
        DefaultValueFactory = _ => "garbage,foreign,replayed,silent,slow",
    };

    private static readonly Option<double> SlowFactor = new("--slow-factor") { Description = "How much slower than advertised slow nodes prove.", DefaultValueFactory = _ => 4 };

    private static readonly Option<string> Speed = new("--speed") { Description = "Node speed relative to the profile's machine (fixed:1, uniform:0.5:2, lognormal:1:0.3, choice:1=3,2=1).", DefaultValueFactory = _ => "fixed:1" };

    private static readonly Option<string> NodeMemory = new("--node-memory") { Description = "Node memory distribution (fixed:4GB, choice:4GB=3,16GB=1).", DefaultValueFactory = _ => "fixed:4GB" };

    private static readonly Option<string> Latency = new("--latency") { Description = "One-way latency distribution in seconds.", DefaultValueFactory = _ => "fixed:0.05" };

    private static readonly Option<string> Bandwidth = new("--bandwidth") { Description = "Node bandwidth distribution in Mbit/s.", DefaultValueFactory = _ => "fixed:100" };

    private static readonly Option<string> RecordBytes = new("--record-bytes") { Description = "Size of a segment record sent to a node.", DefaultValueFactory = _ => "2MB" };

    private static readonly Option<string> ReceiptBytes = new("--receipt-bytes") { Description = "Size of a segment receipt sent back.", DefaultValueFactory = _ => "256KB" };

    private static readonly Option<string> Verify = new("--verify") { Description = "The owner's time to verify one receipt.", DefaultValueFactory = _ => "50ms" };

    private static readonly Option<string?> MeanUptime = new("--mean-uptime") { Description = "Mean time a node stays before leaving or crashing (e.g. 2h); default no churn." };

    private static readonly Option<string> MeanDowntime = new("--mean-downtime") { Description = "Mean time away before a departed node rejoins.", DefaultValueFactory = _ => "30m" };

    private static readonly Option<double> CrashShare = new("--crash-share") { Description = "Fraction of departures that are crashes.", DefaultValueFactory = _ => 0.5 };

    private static readonly Option<double> Arrivals = new("--arrivals-per-hour") { Description = "New nodes joining per hour." };

    private static readonly Option<string> Heartbeat = new("--heartbeat") { Description = "Heartbeat period of live nodes.", DefaultValueFactory = _ => "2s" };

    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of every random draw.", DefaultValueFactory = _ => 1 };

    private static readonly Option<DirectoryInfo?> Charts = new("--charts") { Description = "Also sweep nodes per po2 and adversarial fractions (one job each) and write PNG and SVG charts here." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON." };

    public static Command Create()
    {
        var command = new Command("simulate", "Discrete-event simulation of a proving network running the real scheduler: makespans, wasted work, utilisation, queueing.")
        {
            Profile, Cycles, Po2, Nodes, Rollups, BlockInterval, Duration, Redundancy, Adversarial, Behaviours, SlowFactor,
            Speed, NodeMemory, Latency, Bandwidth, RecordBytes, ReceiptBytes, Verify, MeanUptime, MeanDowntime, CrashShare,
            Arrivals, Heartbeat, Seed, Charts, Json,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var options = Options(parse, out var userCycles);
            var wall = Stopwatch.StartNew();
            var result = NetworkSimulator.Run(options);
            var seconds = wall.Elapsed.TotalSeconds;
            var files = new List<string>();
            if (parse.GetValue(Charts) is { } dir)
            {
                files.AddRange(WriteCharts(options, userCycles, dir.FullName));
            }

            var report = SimulateResult.From(options, result, seconds, files);
            if (parse.GetValue(Json))
            {
                output.WriteLine(JsonSerializer.Serialize(report, CliJson.Options));
            }
            else
            {
                WriteText(report, output);
            }

            return 0;
        }
        catch (Exception e) when (e is ProfileException or PlanException or SimulationException or FormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static SimulationOptions Options(ParseResult parse, out long userCycles)
    {
        var profile = ProfileStore.Load(parse.GetRequiredValue(Profile));
        userCycles = parse.GetValue(Cycles);
        var memory = Distribution.Parse(parse.GetRequiredValue(NodeMemory), v => ByteSize.Parse(v));
        var po2 = parse.GetValue(Po2) ?? CapacityPlanner.Plan(profile, new PlanRequest { UserCycles = userCycles, NodeMemoryBytes = (long)memory.Min }).Best.Po2;
        var segments = profile.Inflation.Segments(userCycles, po2)
            ?? throw new PlanException(PlanError.Po2NotInProfile, $"profile \"{profile.Prover}\" has no segment count for po2 {po2}");
        var redundancy = RedundancyPolicy.Parse(parse.GetRequiredValue(Redundancy));
        return new SimulationOptions
        {
            Profile = profile,
            Po2 = po2,
            SegmentsPerJob = checked((int)segments),
            Nodes = parse.GetValue(Nodes),
            Seed = parse.GetValue(Seed),
            Duration = Time(parse.GetValue(Duration)),
            Rollups = parse.GetValue(Rollups),
            BlockInterval = Time(parse.GetValue(BlockInterval)),
            Policy = redundancy.Adaptive ? SchedulingPolicy.Adaptive : SchedulingPolicy.Replicate(redundancy.Replicas),
            Speed = Distribution.Parse(parse.GetRequiredValue(Speed)),
            MemoryBytes = memory,
            LatencySeconds = Distribution.Parse(parse.GetRequiredValue(Latency)),
            BandwidthBytesPerSecond = Distribution.Parse(parse.GetRequiredValue(Bandwidth), v => double.Parse(v, CultureInfo.InvariantCulture) * 1e6 / 8),
            RecordBytes = ByteSize.Parse(parse.GetRequiredValue(RecordBytes)),
            ReceiptBytes = ByteSize.Parse(parse.GetRequiredValue(ReceiptBytes)),
            VerifySeconds = DurationText.ParseSeconds(parse.GetRequiredValue(Verify)),
            AdversarialFraction = parse.GetValue(Adversarial),
            AdversaryBehaviours = [.. parse.GetRequiredValue(Behaviours).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseBehaviour)],
            SlowFactor = parse.GetValue(SlowFactor),
            Heartbeat = Time(parse.GetRequiredValue(Heartbeat))!.Value,
            MeanUptime = Time(parse.GetValue(MeanUptime)),
            MeanDowntime = Time(parse.GetRequiredValue(MeanDowntime))!.Value,
            CrashShare = parse.GetValue(CrashShare),
            ArrivalsPerHour = parse.GetValue(Arrivals),
        };
    }

    private static Behaviour ParseBehaviour(string text) =>
        Enum.TryParse<Behaviour>(text, ignoreCase: true, out var b) && b != Behaviour.Honest
            ? b
            : throw new FormatException($"\"{text}\" is not an adversary behaviour (garbage, foreign, replayed, silent, slow)");

    private static TimeSpan? Time(string? text) => text is null ? null : TimeSpan.FromSeconds(DurationText.ParseSeconds(text));

    private static List<string> WriteCharts(SimulationOptions options, long userCycles, string dir)
    {
        var files = new List<string>();
        int[] counts = [50, 100, 200, 500, 1000, 2000, 5000, 10_000];
        var byNodes = Sweeps.MakespanVsNodes(options, userCycles, counts);
        files.AddRange(SweepCharts.MakespanVsNodes(byNodes, dir, $"{options.Profile.Prover}: one {userCycles / 1e6:0.##} M-cycle job, {options.AdversarialFraction:P0} adversarial, {options.Policy}"));
        double[] fractions = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
        var byAdversaries = Sweeps.VersusAdversaries(options, fractions, [SchedulingPolicy.Replicate(5), SchedulingPolicy.Adaptive]);
        files.AddRange(SweepCharts.VersusAdversaries(byAdversaries, dir, $"{options.Profile.Prover}: one job at po2 {options.Po2} on {options.Nodes:N0} nodes"));
        return files;
    }

    private static void WriteText(SimulateResult r, TextWriter output)
    {
        var m = r.Makespan;
        output.WriteLine($"scenario     {r.Nodes:N0} nodes, {r.Rollups} rollup(s), po2 {r.Po2} × {r.SegmentsPerJob:N0} segments per job, {r.Policy}, {r.AdversarialFraction:P0} adversarial, seed {r.Seed}");
        output.WriteLine($"simulated    {DurationText.Format(r.SimulatedSeconds)} in {r.WallSeconds:0.00} s of wall time ({r.Events:N0} events)");
        output.WriteLine($"jobs         {r.JobsCompleted:N0} of {r.JobsSubmitted:N0} completed; {r.JobsPerHour:0.#} per hour");
        output.WriteLine(m.Count == 0
            ? "makespan     no job completed"
            : $"makespan     p50 {DurationText.Format(m.P50)}, p90 {DurationText.Format(m.P90)}, p99 {DurationText.Format(m.P99)}, max {DurationText.Format(m.Max)} (mean {DurationText.Format(m.Mean)})");
        output.WriteLine($"queueing     first assignment after {DurationText.Format(double.IsNaN(r.QueueDelay.Mean) ? 0 : r.QueueDelay.Mean)} on average; segments waited {DurationText.Format(r.MeanSegmentWaitSeconds)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"work         {r.ProvingNodeHours:N1} node-hours for {r.UsefulNodeHours:N1} useful: ×{r.WorkFactor:0.00} (honest nodes ×{r.HonestWorkFactor:0.00}); {r.WastedNodeHours:N1} wasted"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"utilisation  {r.Utilisation:P1} of online node time ({r.HonestUtilisation:P1} for honest nodes)"));
        output.WriteLine($"assignments  {string.Join(", ", r.Assignments.Select(kv => $"{kv.Key} {kv.Value:N0}"))}");
        output.WriteLine($"penalties    {(r.Penalties.Count == 0 ? "none" : string.Join(", ", r.Penalties.Select(kv => $"{kv.Key} {kv.Value:N0}")))}; stalls {r.Stalls}");
        output.WriteLine($"churn        {r.Leaves:N0} leaves, {r.Crashes:N0} crashes, {r.Arrivals:N0} arrivals");
        foreach (var f in r.Charts)
        {
            output.WriteLine($"chart        {f}");
        }
    }
}
