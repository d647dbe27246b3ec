using Tessera.Network.Scheduling;
using Tessera.Planner.Profiles;

namespace Tessera.Planner.Simulation;

/// <summary>One point of a sweep: the scenario's knob and what the simulation measured there.</summary>
/// <param name="Series">The line it belongs to (a po2, a policy).</param>
/// <param name="X">The knob: nodes, or adversarial fraction.</param>
/// <param name="Result">The run.</param>
public sealed record SweepPoint(string Series, double X, SimulationResult Result);

/// <summary>Families of single-job simulations behind the charts.</summary>
public static class Sweeps
{
    /// <summary>Makespan of one job against node count, one line per timed po2 that some node's memory holds.</summary>
    /// <param name="scenario">Everything else (adversaries, speeds, wires) as in this scenario; one job, run to completion.</param>
    /// <param name="userCycles">The job's user cycles, cut per po2 by the profile's inflation curve.</param>
    /// <param name="nodeCounts">The x axis.</param>
    public static IReadOnlyList<SweepPoint> MakespanVsNodes(SimulationOptions scenario, long userCycles, IReadOnlyList<int> nodeCounts)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(nodeCounts);
        var points = new List<SweepPoint>();
        foreach (var po2 in TimedPo2s(scenario.Profile))
        {
            if (scenario.Profile.Inflation.Segments(userCycles, po2) is not { } segments)
            {
                continue;
            }

            foreach (var n in nodeCounts)
            {
                var run = NetworkSimulator.Run(OneJob(scenario) with { Po2 = po2, SegmentsPerJob = (int)segments, Nodes = n });
                points.Add(new SweepPoint($"po2 {po2}", n, run));
            }
        }

        return points;
    }

    /// <summary>Makespan and work of one job against the adversarial fraction, for fixed replication and adaptive.</summary>
    public static IReadOnlyList<SweepPoint> VersusAdversaries(SimulationOptions scenario, IReadOnlyList<double> fractions, IReadOnlyList<SchedulingPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentNullException.ThrowIfNull(policies);
        var points = new List<SweepPoint>();
        foreach (var policy in policies)
        {
            foreach (var f in fractions)
            {
                var run = NetworkSimulator.Run(OneJob(scenario) with { Policy = policy, AdversarialFraction = f });
                points.Add(new SweepPoint(policy.ToString()!, f, run));
            }
        }

        return points;
    }

    private static SimulationOptions OneJob(SimulationOptions s) => s with { Rollups = 1, BlockInterval = null, Duration = null };

    private static IEnumerable<int> TimedPo2s(ProverProfile profile) =>
        profile.Costs.Where(c => c.SecondsPerSegment is not null).Select(c => c.Po2);
}
