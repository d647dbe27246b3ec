namespace Tessera.Planner.Planning;

/// <summary>Why no plan could be made.</summary>
public enum PlanError
{
    /// <summary>The request itself is out of range (no cycles, no nodes, a policy the plan cannot price).</summary>
    InvalidRequest,

    /// <summary>No measured po2 fits in the node's memory.</summary>
    NoPo2FitsMemory,

    /// <summary>No node count meets the deadline: even one segment takes longer.</summary>
    DeadlineUnreachable,

    /// <summary>The requested po2 has no proving time, peak memory or segment count in the profile.</summary>
    Po2NotInProfile,
}
