using System.CommandLine;
using System.Globalization;
using System.Text.Json;

using Tessera.Planner.Planning;
using Tessera.Planner.Profiles;
using Tessera.Planner.Units;
using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Segments;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera plan</c>: pick or evaluate a po2 for a job from a prover profile — segments, nodes, time, work.</summary>
internal static class PlanCommand
{
    private static readonly Option<long?> Cycles = new("--cycles") { Description = "User cycles (instructions) of the job, e.g. 65560000 for the proposal's 90 M-cycle block." };

    private static readonly Option<FileInfo?> Elf = new("--elf") { Description = "Execute this guest at each timed po2 and plan on its own segment counts." };

    private static readonly Option<FileInfo?> Input = new("--input") { Description = "Private input of the --elf guest (fd 0)." };

    private static readonly Option<string> Profile = new("--profile")
    {
        Description = $"Prover profile: a JSON file, or a shipped one by name ({string.Join(", ", ProfileStore.Shipped)}).",
        Required = true,
    };

    private static readonly Option<string> NodeMemory = new("--node-memory")
    {
        Description = "Memory of one node, e.g. 4GB (binary units).",
        Required = true,
    };

    private static readonly Option<long?> Nodes = new("--nodes") { Description = "Nodes available: print the time reached." };

    private static readonly Option<string?> Deadline = new("--deadline") { Description = "Time allowed per job, e.g. 5m: print the nodes needed." };

    private static readonly Option<string> Redundancy = new("--redundancy")
    {
        Description = "Copies of each segment: none or fixed:K (the proposal's 1:4 is fixed:5).",
        DefaultValueFactory = _ => "none",
    };

    private static readonly Option<int?> Po2 = new("--po2") { Description = "Evaluate this po2 only instead of picking one." };

    private static readonly Option<PlanObjective?> Objective = new("--objective") { Description = "What the best po2 minimises: Time, Nodes or Work (default: time with --nodes, nodes with --deadline, else work)." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the plan as JSON." };

    public static Command Create()
    {
        var command = new Command("plan", "Segments, inflation, nodes or time, and node-hours per po2 from a prover profile; the best po2 for the node memory.")
        {
            Cycles,
            Elf,
            Input,
            Profile,
            NodeMemory,
            Nodes,
            Deadline,
            Redundancy,
            Po2,
            Objective,
            Json,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(Cycles) is null) == (result.GetValue(Elf) is null))
            {
                result.AddError("give exactly one of --cycles N and --elf FILE");
            }

            if (result.GetValue(Nodes) is not null && result.GetValue(Deadline) is not null)
            {
                result.AddError("give --nodes or --deadline, not both");
            }
        });
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var profile = ProfileStore.Load(parse.GetRequiredValue(Profile));
            var request = new PlanRequest
            {
                UserCycles = parse.GetValue(Cycles) ?? 1,
                NodeMemoryBytes = ByteSize.Parse(parse.GetRequiredValue(NodeMemory)),
                Nodes = parse.GetValue(Nodes),
                DeadlineSeconds = parse.GetValue(Deadline) is { } d ? DurationText.ParseSeconds(d) : null,
                Redundancy = RedundancyPolicy.Parse(parse.GetRequiredValue(Redundancy)),
                Po2 = parse.GetValue(Po2),
                Objective = parse.GetValue(Objective),
            };
            InflationCurve? curve = null;
            if (parse.GetValue(Elf) is { } elf)
            {
                curve = Measure(elf, parse.GetValue(Input), profile, request.Po2);
                request = request with { UserCycles = curve.UserCycles };
            }

            var plan = CapacityPlanner.Plan(profile, request, curve);
            var result = PlanResult.From(profile, request, curve ?? profile.Inflation, plan);
            if (parse.GetValue(Json))
            {
                output.WriteLine(JsonSerializer.Serialize(result, CliJson.Options));
            }
            else
            {
                WriteText(result, plan, output);
            }

            return 0;
        }
        catch (Exception e) when (e is ProfileException or PlanException or FormatException or InvalidElfException or GuestFaultException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    /// <summary>The guest's own segment counts: one execution per po2 the profile timed.</summary>
    private static InflationCurve Measure(FileInfo elf, FileInfo? input, ProverProfile profile, int? only)
    {
        var program = ElfProgram.Load(elf.FullName);
        var bytes = input is null ? [] : File.ReadAllBytes(input.FullName);
        var points = new List<InflationPoint>();
        long user = 0;
        foreach (var cost in profile.Costs.Where(c => c.SecondsPerSegment is not null && (only is null || c.Po2 == only)))
        {
            if (cost.Po2 is < UnsupportedPo2Exception.Min or > UnsupportedPo2Exception.Max)
            {
                continue;
            }

            var report = Executor.Run(program, bytes, new ExecutionOptions { Po2 = cost.Po2 });
            user = report.UserCycles;
            points.Add(new InflationPoint(cost.Po2, report.Segments, Math.Round(report.Inflation, 4)));
        }

        return new InflationCurve(elf.Name, Math.Max(1, user), points);
    }

    private static void WriteText(PlanResult r, CapacityPlan plan, TextWriter output)
    {
        output.WriteLine($"profile     {r.Profile} on {r.Machine}");
        output.WriteLine($"job         {r.UserCycles:N0} user cycles; node memory {ByteSize.Format(r.NodeMemoryBytes)}; redundancy {r.Redundancy}");
        var perJob = r.Nodes is not null;
        List<string> header = ["po2", "segments", "inflation", "memory", "s/segment", "proofs", "nodes", "time", "node-hours"];
        if (perJob)
        {
            header.AddRange(["jobs at once", "jobs/hour"]);
        }

        header.Add("note");
        var rows = new List<List<string>> { header };
        foreach (var c in plan.Candidates)
        {
            var cells = new List<string>
            {
                c.Po2.ToString(CultureInfo.InvariantCulture),
                c.Segments.ToString("N0", CultureInfo.InvariantCulture),
                c.Inflation is { } f ? f.ToString("0.000", CultureInfo.InvariantCulture) : "n/a",
                ByteSize.Format(c.PeakMemoryBytes),
                c.SecondsPerSegment.ToString("0.#", CultureInfo.InvariantCulture),
                c.Proofs.ToString("N0", CultureInfo.InvariantCulture),
                c.Nodes.ToString("N0", CultureInfo.InvariantCulture),
                DurationText.Format(c.MakespanSeconds),
                c.NodeHours.ToString("N1", CultureInfo.InvariantCulture),
            };
            if (perJob)
            {
                cells.Add(c.ConcurrentJobs!.Value.ToString("N0", CultureInfo.InvariantCulture));
                cells.Add(c.JobsPerHour!.Value.ToString("N1", CultureInfo.InvariantCulture));
            }

            cells.Add(c.Po2 == plan.Best.Po2 ? "<- best" : c.Reason ?? "");
            rows.Add(cells);
        }

        var widths = Enumerable.Range(0, header.Count).Select(i => rows.Max(row => row[i].Length)).ToArray();
        foreach (var row in rows)
        {
            // Numbers right-aligned, the note left-aligned and last so a long reason does not push columns.
            var line = string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadLeft(widths[i])));
            output.WriteLine(line.TrimEnd());
        }

        var b = plan.Best;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"best        po2 {b.Po2} (least {plan.Objective.ToString().ToLowerInvariant()}): {b.Segments:N0} segments, {b.Proofs:N0} proofs on {b.Nodes:N0} nodes in {DurationText.Format(b.MakespanSeconds)}, {b.NodeHours:N1} node-hours"));
        if (b.ConcurrentJobs is { } jobs)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capacity    {jobs:N0} such jobs at once on {r.Nodes:N0} nodes; {b.JobsPerHour:N1} jobs/hour kept busy"));
        }
    }
}
