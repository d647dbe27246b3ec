namespace Tessera.Network.Scheduling;

// The scheduler's bookkeeping. Plain mutable classes, private to the scheduler: it owns every
// instance and hands out none of them.

internal sealed class NodeState(NodeInfo info, Reputation reputation, long now)
{
    public NodeInfo Info { get; set; } = info;

    public Reputation Reputation { get; set; } = reputation;

    /// <summary>Rows per second this node showed; starts at what it advertised.</summary>
    public double MeasuredHz { get; set; } = info.ProvingHz;

    public long LastSeen { get; set; } = now;

    /// <summary>Whether it may be offered work (joined, not left, not silent, not timed out).</summary>
    public bool Live { get; set; } = true;

    /// <summary>Caught cheating: offered no work until <see cref="BenchedUntil"/>, even while live.</summary>
    public bool Benched { get; set; }

    public long BenchedUntil { get; set; }

    public List<Assignment> Holding { get; } = [];

    // The key it was filed under in the pool; fixed while it is there so the sorted set stays sound.
    public bool InPool { get; set; }

    public int KeyBand { get; set; }

    public double KeySpeed { get; set; }

    public int KeyBucket { get; set; }

    public bool KeyTrusted { get; set; }

    public int Busy => Holding.Count;
}

internal enum AssignmentState
{
    Active,
    Silent,
    Ended,
}

internal sealed class Assignment(NodeState node, TaskState task, long start, long expected, int attempt)
{
    public NodeState Node { get; } = node;

    public TaskState Task { get; } = task;

    public long Start { get; } = start;

    public long Expected { get; } = expected;

    public int Attempt { get; } = attempt;

    public long LastBeat { get; set; } = start;

    public double Progress { get; set; }

    /// <summary>When the first report of non-zero progress came, and what it said: the base of the rate.</summary>
    public long? FirstProgressAt { get; set; }

    public double FirstProgress { get; set; }

    public AssignmentState State { get; set; }

    public bool HedgedLate { get; set; }
}

internal sealed class TaskState(TaskId id, int po2, JobState job)
{
    public TaskId Id { get; } = id;

    public int Po2 { get; } = po2;

    public JobState Job { get; } = job;

    public bool Done { get; set; }

    public List<Assignment> Assignments { get; } = [];

    /// <summary>Nodes that returned a wrong result for this task or declined it: never given it again.</summary>
    public List<NodeId> Excluded { get; } = [];

    /// <summary>Sound holders wanted beyond the policy's base: 1 while a speculative copy is wanted.</summary>
    public int Extra { get; set; }

    public bool Queued { get; set; }

    public bool Speculated { get; set; }

    /// <summary>Its entries in the speculation queue not yet dropped (one per suspect assignment).</summary>
    public List<SpeculationEntry>? Speculation { get; set; }

    /// <summary>Listed to be re-checked by the next speculation pass.</summary>
    public bool Touched { get; set; }

    public bool StallReported { get; set; }

    public AssignReason NextReason { get; set; } = AssignReason.Offer;
}

/// <summary>A task's place in the speculation queue; a dropped one is skipped when the queue reaches it.</summary>
internal sealed class SpeculationEntry(TaskState task)
{
    public TaskState Task { get; } = task;

    public bool Dropped { get; set; }
}

internal sealed class JobState(JobSpec spec)
{
    public JobSpec Spec { get; } = spec;

    public TaskState[] Tasks { get; set; } = [];

    public int Remaining { get; set; }
}
