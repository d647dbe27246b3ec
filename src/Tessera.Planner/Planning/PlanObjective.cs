namespace Tessera.Planner.Planning;

/// <summary>What the best po2 minimises.</summary>
public enum PlanObjective
{
    /// <summary>Time to prove one job (the default with a node count).</summary>
    Time,

    /// <summary>Nodes needed (the default with a deadline).</summary>
    Nodes,

    /// <summary>Total node-hours (the default otherwise; it also maximises jobs per hour on a fixed network).</summary>
    Work,
}
