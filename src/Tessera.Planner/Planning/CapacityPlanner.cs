using System.Globalization;

using Tessera.Planner.Profiles;
using Tessera.Planner.Units;

namespace Tessera.Planner.Planning;

/// <summary>
/// The closed-form capacity model: a job of S segments, each proved K times (fixed redundancy) by nodes
/// that prove one segment at a time in t seconds, on n nodes takes ⌈S·K / n⌉ · t and S·K·t of work.
/// Transfers, verification and failures are the simulator's business.
/// </summary>
public static class CapacityPlanner
{
    private const double SecondsPerHour = 3600;

    /// <summary>Evaluates every measured po2 for <paramref name="request"/> and picks the best feasible one.</summary>
    /// <param name="profile">Time and memory per po2, and the inflation curve used unless <paramref name="curve"/> is given.</param>
    /// <param name="request">The job and the constraints.</param>
    /// <param name="curve">Segment counts measured on the job itself (e.g. by executing its ELF at each po2).</param>
    /// <exception cref="PlanException">The request is invalid or cannot be met; the kind says why.</exception>
    public static CapacityPlan Plan(ProverProfile profile, PlanRequest request, InflationCurve? curve = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(request);
        Check(request);
        curve ??= profile.Inflation;
        var measured = profile.Costs
            .Where(c => c.SecondsPerSegment is not null && curve.At(c.Po2) is not null)
            .ToList();
        if (request.Po2 is { } only)
        {
            measured = [.. measured.Where(c => c.Po2 == only)];
            if (measured.Count == 0)
            {
                var have = profile.Costs.Where(c => c.SecondsPerSegment is not null && curve.At(c.Po2) is not null).Select(c => c.Po2);
                throw new PlanException(PlanError.Po2NotInProfile, $"po2 {only} has no proving time or segment count in profile \"{profile.Prover}\" (measured: {Range(have)})");
            }
        }
        else if (measured.Count == 0)
        {
            throw new PlanException(PlanError.Po2NotInProfile, $"no po2 has both a proving time in \"{profile.Prover}\" and a segment count for this job");
        }

        var candidates = measured.Select(c => Evaluate(c, curve, request)).ToList();
        var objective = request.Objective ?? (request.Nodes is not null ? PlanObjective.Time : request.DeadlineSeconds is not null ? PlanObjective.Nodes : PlanObjective.Work);
        var best = candidates.Where(c => c.Feasible).OrderBy(c => c, Comparer(objective)).FirstOrDefault();
        return best is null ? throw Infeasible(candidates, request) : new CapacityPlan(objective, candidates, best);
    }

    private static Po2Plan Evaluate(Po2Cost cost, InflationCurve curve, PlanRequest request)
    {
        var seconds = cost.SecondsPerSegment!.Value;
        var segments = curve.Segments(request.UserCycles, cost.Po2)!.Value;
        var proofs = checked(segments * request.Redundancy.Replicas);
        var fits = cost.PeakMemoryBytes <= request.NodeMemoryBytes;
        var reason = fits ? null : $"needs {ByteSize.Format(cost.PeakMemoryBytes)} per node, has {ByteSize.Format(request.NodeMemoryBytes)}";
        long nodes;
        long? concurrent = null;
        double? perHour = null;
        if (request.Nodes is { } n)
        {
            nodes = Math.Min(n, proofs);
            concurrent = n / proofs;
            perHour = n * SecondsPerHour / (proofs * seconds);
        }
        else if (request.DeadlineSeconds is { } deadline)
        {
            // Rounds that fit before the deadline; the relative slack keeps 5 min = 300 s from losing a round to rounding.
            var rounds = (long)Math.Floor((deadline / seconds) + 1e-9);
            if (rounds == 0)
            {
                nodes = proofs;
                if (fits)
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"one segment takes {seconds} s, longer than the deadline");
                }
            }
            else
            {
                nodes = (proofs + rounds - 1) / rounds;
            }
        }
        else
        {
            nodes = proofs;
        }

        var roundsTaken = (proofs + nodes - 1) / nodes;
        return new Po2Plan(
            cost.Po2,
            segments,
            curve.At(cost.Po2)!.Inflation,
            cost.PeakMemoryBytes,
            seconds,
            proofs,
            nodes,
            roundsTaken,
            roundsTaken * seconds,
            proofs * seconds / SecondsPerHour,
            concurrent,
            perHour,
            reason is null,
            reason);
    }

    private static void Check(PlanRequest request)
    {
        if (request.UserCycles <= 0)
        {
            throw new PlanException(PlanError.InvalidRequest, $"the job has {request.UserCycles} cycles; give a positive count");
        }

        if (request.NodeMemoryBytes <= 0)
        {
            throw new PlanException(PlanError.InvalidRequest, "node memory must be positive");
        }

        if (request.Nodes is not null && request.DeadlineSeconds is not null)
        {
            throw new PlanException(PlanError.InvalidRequest, "give a node count or a deadline, not both");
        }

        if (request.Nodes is <= 0)
        {
            throw new PlanException(PlanError.InvalidRequest, $"{request.Nodes} nodes; give at least one");
        }

        if (request.DeadlineSeconds is { } d && !(d > 0 && double.IsFinite(d)))
        {
            throw new PlanException(PlanError.InvalidRequest, "the deadline must be a positive duration");
        }

        if (request.Redundancy.Adaptive)
        {
            throw new PlanException(PlanError.InvalidRequest, "adaptive redundancy depends on who fails and when; price it with tessera simulate");
        }
    }

    private static PlanException Infeasible(List<Po2Plan> candidates, PlanRequest request)
    {
        var fitting = candidates.Where(c => c.PeakMemoryBytes <= request.NodeMemoryBytes).ToList();
        if (fitting.Count == 0)
        {
            var smallest = candidates.MinBy(c => c.PeakMemoryBytes)!;
            return new PlanException(
                PlanError.NoPo2FitsMemory,
                $"no measured po2 fits in {ByteSize.Format(request.NodeMemoryBytes)}: the smallest, po2 {smallest.Po2}, needs {ByteSize.Format(smallest.PeakMemoryBytes)}");
        }

        var fastest = fitting.MinBy(c => c.SecondsPerSegment)!;
        return new PlanException(
            PlanError.DeadlineUnreachable,
            string.Create(CultureInfo.InvariantCulture, $"no node count meets a deadline of {DurationText.Format(request.DeadlineSeconds!.Value)}: the fastest po2 that fits, {fastest.Po2}, takes {fastest.SecondsPerSegment} s per segment"));
    }

    private static Comparer<Po2Plan> Comparer(PlanObjective objective) => Comparer<Po2Plan>.Create((a, b) =>
    {
        var byTime = a.MakespanSeconds.CompareTo(b.MakespanSeconds);
        var byNodes = a.Nodes.CompareTo(b.Nodes);
        var byWork = a.NodeHours.CompareTo(b.NodeHours);
        var order = objective switch
        {
            PlanObjective.Time => [byTime, byWork, byNodes],
            PlanObjective.Nodes => [byNodes, byWork, byTime],
            _ => new[] { byWork, byTime, byNodes },
        };
        return order.FirstOrDefault(c => c != 0, b.Po2.CompareTo(a.Po2));
    });

    private static string Range(IEnumerable<int> po2s)
    {
        var list = po2s.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
