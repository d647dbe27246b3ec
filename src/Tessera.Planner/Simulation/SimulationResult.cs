namespace Tessera.Planner.Simulation;

/// <summary>What a simulation measured.</summary>
public sealed record SimulationResult
{
    /// <summary>Virtual seconds simulated.</summary>
    public required double SimulatedSeconds { get; init; }

    /// <summary>Events processed (a measure of the run's cost).</summary>
    public required long Events { get; init; }

    /// <summary>Jobs submitted.</summary>
    public required int JobsSubmitted { get; init; }

    /// <summary>Jobs whose every segment was verified.</summary>
    public required int JobsCompleted { get; init; }

    /// <summary>Completed jobs per simulated hour.</summary>
    public double JobsPerHour => SimulatedSeconds > 0 ? JobsCompleted * 3600 / SimulatedSeconds : 0;

    /// <summary>Arrival to last verified segment, over completed jobs.</summary>
    public required Summary Makespan { get; init; }

    /// <summary>Makespan of each completed job in completion order, in seconds.</summary>
    public required IReadOnlyList<double> Makespans { get; init; }

    /// <summary>Arrival to first assignment, over jobs that got one.</summary>
    public required Summary QueueDelay { get; init; }

    /// <summary>Mean time a segment waited from its job's arrival to its first assignment.</summary>
    public required double MeanSegmentWaitSeconds { get; init; }

    /// <summary>Node-hours of the proofs that counted (one per verified segment).</summary>
    public required double UsefulNodeHours { get; init; }

    /// <summary>Node-hours all nodes spent on assigned work, lies and cancelled copies included.</summary>
    public required double ProvingNodeHours { get; init; }

    /// <summary>Node-hours honest nodes spent on assigned work.</summary>
    public required double HonestNodeHours { get; init; }

    /// <summary>Proving over useful work: 1 means nothing was wasted.</summary>
    public double WorkFactor => UsefulNodeHours > 0 ? ProvingNodeHours / UsefulNodeHours : double.NaN;

    /// <summary>Honest nodes' work over useful work: what the network's honest capacity pays per verified segment.</summary>
    public double HonestWorkFactor => UsefulNodeHours > 0 ? HonestNodeHours / UsefulNodeHours : double.NaN;

    /// <summary>Node-hours spent on work that did not count.</summary>
    public double WastedNodeHours => ProvingNodeHours - UsefulNodeHours;

    /// <summary>Busy over online time, all nodes.</summary>
    public required double Utilisation { get; init; }

    /// <summary>Busy over online time, honest nodes.</summary>
    public required double HonestUtilisation { get; init; }

    /// <summary>Assignments by the scheduler's reason (offer, reassign, hedge, speculate).</summary>
    public required IReadOnlyDictionary<string, long> Assignments { get; init; }

    /// <summary>Penalties by offence.</summary>
    public required IReadOnlyDictionary<string, long> Penalties { get; init; }

    /// <summary>Times a task was reported as having no node that can take it.</summary>
    public required long Stalls { get; init; }

    /// <summary>Orderly leaves, crashes and arrivals of new nodes.</summary>
    public required (long Leaves, long Crashes, long Arrivals) Churn { get; init; }
}
