using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;
using Tessera.Stark.Fri;
using Tessera.Stark.Prover;
using Tessera.Stark.Synthetic;

namespace Tessera.Cli.Bench;

/// <summary>
/// The prover's cost model (issue 11): ns and bytes per main cell, per constraint, per send, per
/// table and for the first bus on a table, from proofs of <see cref="CostModelAir"/> machines that
/// differ in one axis at a time.
/// </summary>
/// <remarks>
/// <para>Memory: each configuration is proven in its own child process (<c>bench stark --cost-point
/// NAME</c>), so that its peak RSS is its own: the figure a node with a fixed memory would see; its
/// memory is the largest per-proof peak RSS of the proofs after the first (the high-water mark is
/// reset before each through /proc/self/clear_refs).</para>
/// <para>Time: a per-axis cost is a small difference between two long proofs, and on a shared
/// 2-core machine the load moves a proof's wall time by more than the difference. So the points
/// of each <see cref="TimeGroups"/> entry are proven in turn in one child (<c>--cost-group</c>),
/// round after round (forward, then backward, so that a steady drift falls on every point alike),
/// with the buffer pools keeping every shape's arrays; every time row is a combination of the
/// points' times within one round (a paired difference), and the row's figure is its median over
/// the rounds, with a distribution-free confidence interval of that median (order statistics,
/// at least 90 %). Wall time and the process's CPU time are both kept: CPU time counts only this
/// process's work, so other processes' load hardly moves it.</para>
/// </remarks>
internal static class CostModel
{
    /// <summary>The configurations: name → tables (width, degree-2 constraints, degree-3 constraints, sends).</summary>
    public static readonly IReadOnlyDictionary<string, (int Width, int D2, int D3, int Sends)[]> Points =
        new Dictionary<string, (int, int, int, int)[]>(StringComparer.Ordinal)
        {
            ["w128"] = [(128, 0, 0, 0)],
            ["w256"] = [(256, 0, 0, 0)],
            ["deg2"] = [(128, 128, 0, 0)],
            ["deg3_32"] = [(128, 0, 32, 0)],
            ["deg3_128"] = [(128, 0, 128, 0)],
            ["send1"] = [(128, 0, 32, 1)],
            ["send9"] = [(128, 0, 32, 9)],
            ["w256_deg3"] = [(256, 0, 256, 0)],
            ["t4x64_deg3"] = [(64, 0, 64, 0), (64, 0, 64, 0), (64, 0, 64, 0), (64, 0, 64, 0)],
        };

    /// <summary>
    /// The points proven in turn for the time rows, each group in one child process. Neighbours in a
    /// group are the pairs the rows difference most (w128 with w256 and deg2, deg3_32 with deg3_128
    /// and send1, send1 with send9), so that they run minutes apart at most.
    /// </summary>
    public static readonly string[][] TimeGroups =
    [
        ["w256", "w128", "deg2", "deg3_128", "deg3_32", "send1", "send9"],
        ["w256_deg3", "t4x64_deg3"],
    ];

    /// <summary>Points outside the derivation, run with <c>--cost-point</c>: an rv32im-like table (250 columns, 20 sends a row).</summary>
    public static readonly IReadOnlyDictionary<string, (int Width, int D2, int D3, int Sends)[]> Extra =
        new Dictionary<string, (int, int, int, int)[]>(StringComparer.Ordinal)
        {
            ["w250_send20"] = [(250, 0, 250, 20)],
        };

    /// <summary>The machine of a configuration.</summary>
    public static (Machine Machine, CostModelAir[] Airs) Build(string point)
    {
        var shape = Points.TryGetValue(point, out var a) ? a : Extra[point];
        var airs = shape.Select((t, i) => new CostModelAir($"cost{i}", t.Width, t.D2, t.D3, t.Sends)).ToArray();
        return (new Machine(airs), airs);
    }

    /// <summary>Runs one configuration in this process and returns its figures (the child's side).</summary>
    public static PointResult RunPoint(string point, int logRows, int repeat)
    {
        var (machine, airs) = Build(point);
        var p = ProofParameters.Default;

        // JIT warm-up at a small height, then the measured proofs of one witness.
        StarkProver.Prove(machine, [.. airs.Select((a, i) => a.Witness(10, i))], p, debugCheck: false);
        // Each proof takes its witness over (Trace.CreateForProving: the main LDE is built in its
        // place), so each proof gets a fresh one, made outside the timed region.
        var times = new List<double>();
        var peaks = new List<long>();
        var allocated = 0L;
        var sw = new Stopwatch();
        for (var i = 0; i < Math.Max(2, repeat); i++)
        {
            var witnesses = airs.Select((a, t) => a.Witness(logRows, t, p.LogBlowup)).ToArray();
            ResetPeakRss();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            _ = StarkProver.Prove(machine, witnesses, p, debugCheck: false);
            times.Add(sw.Elapsed.TotalMilliseconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            peaks.Add(PeakRssBytes());
        }

        // The best of the proofs after the first: a shared machine only ever adds time, and the
        // cost model is made of differences between points.
        var predicted = ProverMemory.PredictPeakBytes(machine, [.. airs.Select(_ => logRows)], p, ownedWitnesses: true);
        return new PointResult(point, logRows, times.Skip(1).Min(), times[0], peaks.Skip(1).Max(), [.. peaks], allocated, predicted);
    }

    /// <summary>
    /// Proves the points of a time group in turn (the child's side): a warm-up at 2^10 and one
    /// discarded round at full height, then <paramref name="rounds"/> rounds, forward and backward
    /// in turn. Each proof's wall and CPU time, in ms.
    /// </summary>
    public static GroupResult RunGroup(string[] points, int logRows, int rounds)
    {
        // Every shape's buffers stay in the pools: each proof then finds its arrays as a node
        // proving one shape after another does, instead of paying for fresh memory each time.
        BufferPool<BabyBear>.Shared.RetainAcrossShapes = true;
        BufferPool<Digest>.Shared.RetainAcrossShapes = true;
        BufferPool<BabyBear4>.Shared.RetainAcrossShapes = true;
        GrindingClock.Enabled = true;
        var built = points.Select(Build).ToArray();
        var p = ProofParameters.Default;
        foreach (var (machine, airs) in built)
        {
            StarkProver.Prove(machine, [.. airs.Select((a, i) => a.Witness(10, i))], p, debugCheck: false);
        }

        var wall = points.Select(_ => new List<double>()).ToArray();
        var cpu = points.Select(_ => new List<double>()).ToArray();
        var grindWall = points.Select(_ => new List<double>()).ToArray();
        var grindCpu = points.Select(_ => new List<double>()).ToArray();
        var sw = new Stopwatch();
        for (var r = 0; r <= rounds; r++)
        {
            for (var j = 0; j < points.Length; j++)
            {
                var k = r % 2 == 0 ? j : points.Length - 1 - j;
                var (machine, airs) = built[k];
                var witnesses = airs.Select((a, t) => a.Witness(logRows, t, p.LogBlowup)).ToArray();
                GrindingClock.Reset();
                var cpu0 = Environment.CpuUsage.TotalTime;
                sw.Restart();
                _ = StarkProver.Prove(machine, witnesses, p, debugCheck: false);
                var ms = sw.Elapsed.TotalMilliseconds;
                if (r > 0)
                {
                    wall[k].Add(ms);
                    cpu[k].Add((Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds);
                    grindWall[k].Add(GrindingClock.Wall.TotalMilliseconds);
                    grindCpu[k].Add(GrindingClock.Cpu.TotalMilliseconds);
                }
            }
        }

        static double[][] Arrays(List<double>[] lists) => [.. lists.Select(l => l.ToArray())];
        return new GroupResult(logRows, points, Arrays(wall), Arrays(cpu), Arrays(grindWall), Arrays(grindCpu));
    }

    /// <summary>Runs every configuration at every height, each in a child process, and derives the per-axis costs.</summary>
    /// <param name="logRows">The heights.</param>
    /// <param name="repeat">Proofs per memory point (two at least: the first is not measured).</param>
    /// <param name="rounds">Measured rounds per time group.</param>
    /// <param name="progress">Where each child's figures are reported as it ends (null: nowhere).</param>
    /// <param name="baseline">Another build to run every child on too, right before this build's.</param>
    public static CostModelResult Run(IReadOnlyList<int> logRows, int repeat, int rounds, TextWriter? progress, string? baseline = null)
    {
        var rate = Timing.BestSecondsPerCall(PermuteBatch(out var count), 0.3, 1.0);
        var permsPerSecond = count / rate;
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to run the cost model's points with.");
        var sizes = new List<CostModelSize>();
        var baseSizes = new List<CostModelSize>();
        foreach (var log in logRows)
        {
            var points = new Dictionary<string, PointResult>(StringComparer.Ordinal);
            var basePoints = new Dictionary<string, PointResult>(StringComparer.Ordinal);
            foreach (var name in Points.Keys)
            {
                // With a baseline, each point runs on both builds back to back: a loaded machine's
                // drift then falls on both sides of the comparison alike.
                if (baseline is not null)
                {
                    basePoints[name] = Report(progress, "baseline", RunChild<PointResult>(baseline, ["--cost-point", name], log, repeat));
                }

                points[name] = Report(progress, "this", RunChild<PointResult>(self, ["--cost-point", name], log, repeat));
            }

            var groups = new List<GroupResult>();
            var baseGroups = new List<GroupResult>();
            foreach (var group in TimeGroups)
            {
                if (baseline is not null)
                {
                    baseGroups.Add(Report(progress, "baseline", RunChild<GroupResult>(baseline, ["--cost-group", string.Join(',', group)], log, rounds)));
                }

                groups.Add(Report(progress, "this", RunChild<GroupResult>(self, ["--cost-group", string.Join(',', group)], log, rounds)));
            }

            sizes.Add(Derive(log, points, groups, ProofParameters.Default.LogBlowup, permsPerSecond));
            if (baseline is not null)
            {
                baseSizes.Add(Derive(log, basePoints, baseGroups, ProofParameters.Default.LogBlowup, permsPerSecond));
            }
        }

        return new CostModelResult(Environment.ProcessorCount, BabyBearVector.Path.ToString(), permsPerSecond, sizes,
            baseline is null ? null : baseSizes);
    }

    private static PointResult Report(TextWriter? progress, string build, PointResult r)
    {
        progress?.WriteLine($"  {build,-8} 2^{r.LogRows} {r.Point,-11} prove_ms {r.ProveMs,8:F0} (first {r.FirstProveMs:F0})  peak_rss_mb {r.PeakRssBytes / 1048576.0,6:F0}  " +
            $"(predicted {r.PredictedPeakBytes / 1048576.0,6:F0})  garbage_mb {r.AllocatedBytes / 1048576.0,5:F1}");
        return r;
    }

    private static GroupResult Report(TextWriter? progress, string build, GroupResult g)
    {
        for (var k = 0; k < g.Points.Length; k++)
        {
            progress?.WriteLine(FormattableString.Invariant(
                $"  {build,-8} 2^{g.LogRows} {g.Points[k],-11} in turn: wall_ms {PairedStats.Median(g.WallMs[k]).Median,8:F0}  cpu_ms {PairedStats.Median(g.CpuMs[k]).Median,8:F0}  grinding wall_ms {PairedStats.Median(g.GrindWallMs[k]).Median,5:F0}  ({g.WallMs[k].Length} rounds)"));
        }

        return g;
    }

    private static CostModelSize Derive(int log, Dictionary<string, PointResult> r, List<GroupResult> groups, int logBlowup, double permsPerSecond)
    {
        double n = 1 << log;
        double B(string a) => r[a].PeakRssBytes / n;
        var cellB = (B("w256") - B("w128")) / 128;
        var d3B = (B("deg3_128") - B("deg3_32")) / 96;
        var wall = TimeRows(groups, n, cpu: false, out var wallNoise, out var level);
        var cpu = TimeRows(groups, n, cpu: true, out var cpuNoise, out _);

        // Leaves absorb 8 elements per width-16 permutation: 2^b LDE cells per main cell.
        var merkleFloorNs = 1e9 * (1 << logBlowup) / 8.0 / permsPerSecond;
        return new CostModelSize(log,
            MainCellNs: wall.MainCellNs,
            MainCellBytes: cellB,
            FixedPerRowNs: wall.FixedPerRowNs,
            FixedPerRowBytes: B("w128") - (128 * cellB),
            Degree2ConstraintNs: wall.Degree2ConstraintNs,
            Degree2ConstraintBytes: (B("deg2") - B("w128")) / 128,
            Degree3ConstraintNs: wall.Degree3ConstraintNs,
            Degree3ConstraintBytes: d3B,
            Degree3StepCells: wall.Degree3StepCells,
            ExtraSendNs: wall.ExtraSendNs,
            ExtraSendBytes: (B("send9") - B("send1")) / 8,
            ExtraSendCells: wall.ExtraSendCells,
            FirstBusNs: wall.FirstBusNs,
            FirstBusBytes: B("send1") - B("deg3_32"),
            FirstBusCells: wall.FirstBusCells,
            ExtraTableNs: wall.ExtraTableNs,
            ExtraTableBytes: (B("t4x64_deg3") - B("w256_deg3")) / 3,
            ExtraTableCells: wall.ExtraTableCells,
            ExtraTablePercent: wall.ExtraTablePercent,
            MerkleFloorNsPerCell: merkleFloorNs,
            Points: [.. r.Values])
        {
            Rounds = groups.Min(g => g.WallMs[0].Length),
            ConfidenceLevel = level,
            WallNoise = wallNoise,
            Cpu = cpu,
            CpuNoise = cpuNoise,
            Groups = [.. groups],
        };
    }

    /// <summary>
    /// The time rows, each the median over rounds of a combination of one round's proofs, and
    /// (<paramref name="noise"/>) the half-width of each median's confidence interval.
    /// Cells are a row's median over the main cell's; their noise is the row's over the same.
    /// </summary>
    private static CostModelTime TimeRows(List<GroupResult> groups, double n, bool cpu, out CostModelTime noise, out double level)
    {
        var levels = new List<double>();
        (double Median, double HalfWidth) Row(Func<Func<string, double>, double> f)
        {
            var g = groups.Single(g => !double.IsNaN(f(name => g.Points.Contains(name) ? 1 : double.NaN)));
            var times = g.AdjustedMs(cpu);
            var per = new double[g.WallMs[0].Length];
            for (var round = 0; round < per.Length; round++)
            {
                per[round] = f(name => times[Array.IndexOf(g.Points, name)][round] * 1e6 / n);
            }

            var (median, low, high, confidence) = PairedStats.Median(per);
            levels.Add(confidence);
            return (median, (high - low) / 2);
        }

        var cell = Row(t => (t("w256") - t("w128")) / 128);
        var fixedRow = Row(t => (2 * t("w128")) - t("w256"));
        var d2 = Row(t => (t("deg2") - t("w128")) / 128);
        var d3 = Row(t => (t("deg3_128") - t("deg3_32")) / 96);
        var step = Row(t => t("deg3_32") - t("w128") - ((t("deg3_128") - t("deg3_32")) / 3));
        var send = Row(t => (t("send9") - t("send1")) / 8);
        // On a table that already has degree-3 constraints (as every real one does), so that the
        // bus is not charged for the quotient domain doubling that its degree-3 LogUp constraints
        // would otherwise bring.
        var firstBus = Row(t => t("send1") - t("deg3_32"));
        var table = Row(t => (t("t4x64_deg3") - t("w256_deg3")) / 3);
        var percent = Row(t => 100 * ((t("t4x64_deg3") / t("w256_deg3")) - 1) / 3);
        level = levels.Min();
        noise = new CostModelTime(cell.HalfWidth, fixedRow.HalfWidth, d2.HalfWidth, d3.HalfWidth, step.HalfWidth / cell.Median,
            send.HalfWidth, send.HalfWidth / cell.Median, firstBus.HalfWidth, firstBus.HalfWidth / cell.Median,
            table.HalfWidth, table.HalfWidth / cell.Median, percent.HalfWidth);
        return new CostModelTime(cell.Median, fixedRow.Median, d2.Median, d3.Median, step.Median / cell.Median,
            send.Median, send.Median / cell.Median, firstBus.Median, firstBus.Median / cell.Median,
            table.Median, table.Median / cell.Median, percent.Median);
    }

    private static Action PermuteBatch(out int count)
    {
        count = 1 << 14;
        var states = new BabyBear[count * Poseidon2.Width16];
        var rng = new Random(5);
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = BabyBear.FromUInt32((uint)rng.Next());
        }

        return () => Poseidon2.PermuteMany(states, Poseidon2.Width16);
    }

    private static T RunChild<T>(string self, string[] what, int log, int repeat)
    {
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(CostModel).Assembly.Location);
        }
        else if (self.EndsWith(".dll", StringComparison.Ordinal))
        {
            start.FileName = "dotnet";
            start.ArgumentList.Add(self);
        }

        foreach (var a in new[] { "bench", "stark" }.Concat(what).Concat(["--log-rows", log.ToString(CultureInfo.InvariantCulture),
            "--repeat", repeat.ToString(CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The cost-model child did not start.");
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Cost-model child '{string.Join(' ', what)}' at 2^{log} exited with {child.ExitCode}" +
                (what[0] == "--cost-group" ? " (a build before the time groups has no --cost-group: compare with a build that has)." : "."));
        }

        return JsonSerializer.Deserialize<T>(output.Trim(), Commands.CliJson.Options)
            ?? throw new InvalidOperationException($"Cost-model child '{string.Join(' ', what)}' printed no figures.");
    }

    /// <summary>Resets the process's peak RSS to its current RSS (Linux; elsewhere a no-op).</summary>
    public static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Peak RSS since the last <see cref="ResetPeakRss"/> (VmHWM), or the process peak working set elsewhere.</summary>
    public static long PeakRssBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return 1024 * long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}

/// <summary>One configuration's figures at one height.</summary>
/// <remarks><c>AllocatedBytes</c>: managed bytes the last proof allocated outside the prover's pools (garbage it leaves).
/// <c>PredictedPeakBytes</c>: <see cref="ProverMemory.PredictPeakBytes"/> for the point.</remarks>
internal sealed record PointResult(string Point, int LogRows, double ProveMs, double FirstProveMs, long PeakRssBytes, long[] PeakRssPerProof,
    long AllocatedBytes, long PredictedPeakBytes);

/// <summary>One time group's proofs (the child's side of <c>--cost-group</c>): per point, per measured round, wall and CPU ms.</summary>
/// <remarks>
/// <c>GrindWallMs</c>, <c>GrindCpuMs</c>: the part of each proof spent grinding (<see cref="GrindingClock"/>): a
/// random cost fixed by the transcript. The time rows replace it by the group's median grinding time
/// (<see cref="AdjustedMs"/>), so that no point is charged for its transcript's luck.
/// </remarks>
internal sealed record GroupResult(int LogRows, string[] Points, double[][] WallMs, double[][] CpuMs, double[][] GrindWallMs, double[][] GrindCpuMs)
{
    /// <summary>Each proof's time with its grinding replaced by the median grinding time of the group's proofs.</summary>
    public double[][] AdjustedMs(bool cpu)
    {
        var times = cpu ? CpuMs : WallMs;
        var grind = cpu ? GrindCpuMs : GrindWallMs;
        var typical = PairedStats.Median([.. grind.SelectMany(g => g)]).Median;
        return [.. times.Select((t, k) => t.Select((x, r) => x - grind[k][r] + typical).ToArray())];
    }
}

/// <summary>The time rows of one height, in ns per row (cells: in main cells of time; percent: of the one-table time per extra table).</summary>
internal sealed record CostModelTime(double MainCellNs, double FixedPerRowNs, double Degree2ConstraintNs, double Degree3ConstraintNs,
    double Degree3StepCells, double ExtraSendNs, double ExtraSendCells, double FirstBusNs, double FirstBusCells, double ExtraTableNs,
    double ExtraTableCells, double ExtraTablePercent);

/// <summary>The derived costs at one height (ns are wall time on all cores; bytes are of peak RSS).</summary>
/// <remarks>
/// The time fields are medians over <see cref="Rounds"/> rounds of paired differences (see <see cref="CostModel"/>);
/// <see cref="WallNoise"/> holds the half-width of each one's confidence interval (at least <see cref="ConfidenceLevel"/>),
/// <see cref="Cpu"/> and <see cref="CpuNoise"/> the same rows from the process's CPU time (all threads).
/// </remarks>
internal sealed record CostModelSize(int LogRows, double MainCellNs, double MainCellBytes, double FixedPerRowNs, double FixedPerRowBytes,
    double Degree2ConstraintNs, double Degree2ConstraintBytes, double Degree3ConstraintNs, double Degree3ConstraintBytes, double Degree3StepCells,
    double ExtraSendNs, double ExtraSendBytes, double ExtraSendCells, double FirstBusNs, double FirstBusBytes, double FirstBusCells,
    double ExtraTableNs, double ExtraTableBytes, double ExtraTableCells, double ExtraTablePercent, double MerkleFloorNsPerCell,
    PointResult[] Points)
{
    /// <summary>Measured rounds of each time group.</summary>
    public int Rounds { get; init; }

    /// <summary>The smallest coverage of the confidence intervals (0.9 or more from 5 rounds).</summary>
    public double ConfidenceLevel { get; init; }

    /// <summary>Half-widths of the wall-time rows' confidence intervals.</summary>
    public CostModelTime? WallNoise { get; init; }

    /// <summary>The time rows from CPU time (ns of CPU, all threads, per row).</summary>
    public CostModelTime? Cpu { get; init; }

    /// <summary>Half-widths of the CPU-time rows' confidence intervals.</summary>
    public CostModelTime? CpuNoise { get; init; }

    /// <summary>The time groups' raw proofs.</summary>
    public GroupResult[] Groups { get; init; } = [];
}

/// <summary>The whole cost model.</summary>
/// <remarks><c>BaselineSizes</c>: the same points run on the <c>--compare-with</c> build, interleaved with this one's (null without).</remarks>
internal sealed record CostModelResult(int Cores, string Simd, double Poseidon2W16PermsPerSecondAllCores, IReadOnlyList<CostModelSize> Sizes,
    IReadOnlyList<CostModelSize>? BaselineSizes);
