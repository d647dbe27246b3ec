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
/// Each configuration is proven in its own child process (<c>bench stark --cost-point NAME</c>),
/// so that its peak RSS is its own: the figure a node with a fixed memory would see. A point's
/// time is the best of the proofs after the first, its memory the largest per-proof peak RSS of
/// those proofs (the high-water mark is reset before each through /proc/self/clear_refs).
/// Differences between points cancel the fixed costs (the runtime, the JIT, the FRI tail).
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

    /// <summary>Runs every configuration at every height, each in a child process, and derives the per-axis costs.</summary>
    public static CostModelResult Run(IReadOnlyList<int> logRows, int repeat, TextWriter? progress, string? baseline = null)
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
                    basePoints[name] = Report(progress, "baseline", RunChild(baseline, name, log, repeat));
                }

                points[name] = Report(progress, "this", RunChild(self, name, log, repeat));
            }

            sizes.Add(Derive(log, points, ProofParameters.Default.LogBlowup, permsPerSecond));
            if (baseline is not null)
            {
                baseSizes.Add(Derive(log, basePoints, ProofParameters.Default.LogBlowup, permsPerSecond));
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

    private static CostModelSize Derive(int log, Dictionary<string, PointResult> r, int logBlowup, double permsPerSecond)
    {
        double n = 1 << log;
        double Ns(string a) => r[a].ProveMs * 1e6 / n;
        double B(string a) => r[a].PeakRssBytes / n;
        var cellNs = (Ns("w256") - Ns("w128")) / 128;
        var cellB = (B("w256") - B("w128")) / 128;
        var d3Ns = (Ns("deg3_128") - Ns("deg3_32")) / 96;
        var d3B = (B("deg3_128") - B("deg3_32")) / 96;
        var sendNs = (Ns("send9") - Ns("send1")) / 8;
        var sendB = (B("send9") - B("send1")) / 8;
        // On a table that already has degree-3 constraints (as every real one does), so that the
        // bus is not charged for the quotient domain doubling that its degree-3 LogUp constraints
        // would otherwise bring.
        var firstBusNs = Ns("send1") - Ns("deg3_32");
        var firstBusB = B("send1") - B("deg3_32");
        var tableNs = (Ns("t4x64_deg3") - Ns("w256_deg3")) / 3;
        var tableB = (B("t4x64_deg3") - B("w256_deg3")) / 3;

        // Leaves absorb 8 elements per width-16 permutation: 2^b LDE cells per main cell.
        var merkleFloorNs = 1e9 * (1 << logBlowup) / 8.0 / permsPerSecond;
        return new CostModelSize(log,
            MainCellNs: cellNs,
            MainCellBytes: cellB,
            FixedPerRowNs: Ns("w128") - (128 * cellNs),
            FixedPerRowBytes: B("w128") - (128 * cellB),
            Degree2ConstraintNs: (Ns("deg2") - Ns("w128")) / 128,
            Degree2ConstraintBytes: (B("deg2") - B("w128")) / 128,
            Degree3ConstraintNs: d3Ns,
            Degree3ConstraintBytes: d3B,
            Degree3StepCells: (Ns("deg3_32") - Ns("w128") - (32 * d3Ns)) / cellNs,
            ExtraSendNs: sendNs,
            ExtraSendBytes: sendB,
            ExtraSendCells: sendNs / cellNs,
            FirstBusNs: firstBusNs,
            FirstBusBytes: firstBusB,
            FirstBusCells: firstBusNs / cellNs,
            ExtraTableNs: tableNs,
            ExtraTableBytes: tableB,
            ExtraTableCells: tableNs / cellNs,
            ExtraTablePercent: 100 * ((r["t4x64_deg3"].ProveMs / r["w256_deg3"].ProveMs) - 1) / 3,
            MerkleFloorNsPerCell: merkleFloorNs,
            Points: [.. r.Values]);
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

    private static PointResult RunChild(string self, string point, int log, int repeat)
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

        foreach (var a in new[] { "bench", "stark", "--cost-point", point, "--log-rows", log.ToString(CultureInfo.InvariantCulture),
            "--repeat", repeat.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The cost-model point did not start.");
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"Cost-model point {point} at 2^{log} exited with {child.ExitCode}.");
        }

        return JsonSerializer.Deserialize<PointResult>(output.Trim(), Commands.CliJson.Options)
            ?? throw new InvalidOperationException($"Cost-model point {point} printed no figures.");
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

/// <summary>The derived costs at one height (ns are wall time on all cores; bytes are of peak RSS).</summary>
internal sealed record CostModelSize(int LogRows, double MainCellNs, double MainCellBytes, double FixedPerRowNs, double FixedPerRowBytes,
    double Degree2ConstraintNs, double Degree2ConstraintBytes, double Degree3ConstraintNs, double Degree3ConstraintBytes, double Degree3StepCells,
    double ExtraSendNs, double ExtraSendBytes, double ExtraSendCells, double FirstBusNs, double FirstBusBytes, double FirstBusCells,
    double ExtraTableNs, double ExtraTableBytes, double ExtraTableCells, double ExtraTablePercent, double MerkleFloorNsPerCell,
    PointResult[] Points);

/// <summary>The whole cost model.</summary>
/// <remarks><c>BaselineSizes</c>: the same points run on the <c>--compare-with</c> build, interleaved with this one's (null without).</remarks>
internal sealed record CostModelResult(int Cores, string Simd, double Poseidon2W16PermsPerSecondAllCores, IReadOnlyList<CostModelSize> Sizes,
    IReadOnlyList<CostModelSize>? BaselineSizes);
