namespace Tessera.Planner.Planning;

/// <summary>Every measured po2 evaluated, and the best feasible one.</summary>
/// <param name="Objective">What <paramref name="Best"/> minimises.</param>
/// <param name="Candidates">Each po2 with a proving time, ascending.</param>
/// <param name="Best">The feasible candidate that minimises the objective.</param>
public sealed record CapacityPlan(PlanObjective Objective, IReadOnlyList<Po2Plan> Candidates, Po2Plan Best);
