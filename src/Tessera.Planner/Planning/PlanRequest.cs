namespace Tessera.Planner.Planning;

/// <summary>What an operator asks the planner.</summary>
public sealed record PlanRequest
{
    /// <summary>User cycles (instructions) of the job.</summary>
    public required long UserCycles { get; init; }

    /// <summary>Memory of one node; a po2 whose peak exceeds it is not considered.</summary>
    public required long NodeMemoryBytes { get; init; }

    /// <summary>Nodes available: the plan gives the time reached. Exclusive with <see cref="DeadlineSeconds"/>.</summary>
    public long? Nodes { get; init; }

    /// <summary>Deadline for one job: the plan gives the nodes needed. Exclusive with <see cref="Nodes"/>.</summary>
    public double? DeadlineSeconds { get; init; }

    /// <summary>Replication of segments.</summary>
    public RedundancyPolicy Redundancy { get; init; } = RedundancyPolicy.None;

    /// <summary>Evaluate only this po2 instead of picking one.</summary>
    public int? Po2 { get; init; }

    /// <summary>What "best" minimises; null picks from the request (time with nodes, nodes with a deadline, else work).</summary>
    public PlanObjective? Objective { get; init; }
}
