using Tessera.Planner.Planning;
using Tessera.Planner.Profiles;

namespace Tessera.Cli.Commands;

/// <summary>What <c>tessera plan --json</c> prints.</summary>
internal sealed record PlanResult(
    string Profile,
    string Machine,
    string Workload,
    long UserCycles,
    long NodeMemoryBytes,
    long? Nodes,
    double? DeadlineSeconds,
    string Redundancy,
    string Objective,
    Po2Plan Best,
    IReadOnlyList<Po2Plan> Candidates)
{
    public static PlanResult From(ProverProfile profile, PlanRequest request, InflationCurve curve, CapacityPlan plan) => new(
        profile.Prover,
        $"{profile.Machine.Cpu}, {profile.Machine.Cores} cores",
        curve.Workload,
        request.UserCycles,
        request.NodeMemoryBytes,
        request.Nodes,
        request.DeadlineSeconds,
        request.Redundancy.ToString(),
        plan.Objective.ToString().ToLowerInvariant(),
        plan.Best,
        plan.Candidates);
}
