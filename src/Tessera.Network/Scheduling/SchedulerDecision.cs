namespace Tessera.Network.Scheduling;

/// <summary>Something the scheduler wants done or reported. The caller carries it out (sends a message, writes the store, logs).</summary>
public abstract record SchedulerDecision;

/// <summary>Why a task goes to a node.</summary>
public enum AssignReason
{
    /// <summary>The task's first holder or one of its fixed replicas.</summary>
    Offer,

    /// <summary>A previous holder returned a wrong result or left.</summary>
    Reassign,

    /// <summary>A holder is silent or late; a second node races it, first valid result wins.</summary>
    Hedge,

    /// <summary>All holders are untrusted and capacity is idle: a cheap insurance copy.</summary>
    Speculate,
}

/// <summary>Why a holder is told to stop.</summary>
public enum CancelReason
{
    /// <summary>Another node's valid result completed the task.</summary>
    Completed,

    /// <summary>The job was cancelled by its owner.</summary>
    JobCancelled,

    /// <summary>The holder was caught cheating on another task and benched: this one moves to another node.</summary>
    Revoked,
}

/// <summary>Give <paramref name="Task"/> to <paramref name="Node"/>.</summary>
/// <param name="Node">The prover.</param>
/// <param name="Task">The segment.</param>
/// <param name="Po2">The segment's size, so the caller need not look it up.</param>
/// <param name="Reason">Why.</param>
/// <param name="Expected">How long the node's advertised or measured speed says it takes.</param>
/// <param name="Attempt">1 for the task's first assignment, counting up across all its assignments.</param>
public sealed record AssignTask(NodeId Node, TaskId Task, int Po2, AssignReason Reason, TimeSpan Expected, int Attempt) : SchedulerDecision;

/// <summary>Tell <paramref name="Node"/> to stop working on <paramref name="Task"/>.</summary>
/// <param name="Node">The holder.</param>
/// <param name="Task">The segment.</param>
/// <param name="Reason">Why.</param>
public sealed record CancelTask(NodeId Node, TaskId Task, CancelReason Reason) : SchedulerDecision;

/// <summary><paramref name="Node"/>'s reputation fell.</summary>
/// <param name="Node">The offender.</param>
/// <param name="Task">The task it offended on.</param>
/// <param name="Offence">What it did.</param>
/// <param name="Reputation">Its standing now.</param>
public sealed record PenaliseNode(NodeId Node, TaskId Task, Offence Offence, Reputation Reputation) : SchedulerDecision;

/// <summary>A valid result of <paramref name="Task"/> from <paramref name="Winner"/> was counted.</summary>
/// <param name="Task">The segment.</param>
/// <param name="Winner">The prover whose result counts.</param>
/// <param name="Late">Whether it came from a holder that had been hedged.</param>
public sealed record TaskCompleted(TaskId Task, NodeId Winner, bool Late) : SchedulerDecision;

/// <summary>Every segment of <paramref name="Job"/> has a verified result.</summary>
/// <param name="Job">The job.</param>
public sealed record JobCompleted(JobId Job) : SchedulerDecision;

/// <summary>
/// No live node can take <paramref name="Task"/> now (none holds its po2, or all that do have failed
/// it or are benched for cheating). Said once per stall, so a job never hangs silently; the task is
/// offered again when a node joins, comes back or ends its bench.
/// </summary>
/// <param name="Task">The segment.</param>
/// <param name="Po2">Its size.</param>
public sealed record TaskStalled(TaskId Task, int Po2) : SchedulerDecision;

/// <summary><paramref name="Node"/> stopped being offered work: it left, or went silent.</summary>
/// <param name="Node">The node.</param>
/// <param name="Left">True when it said goodbye, false when it went silent.</param>
public sealed record NodeDropped(NodeId Node, bool Left) : SchedulerDecision;
