namespace Tessera.Network.Scheduling;

/// <summary>The scheduler's knobs. The defaults suit nodes that send a heartbeat every second or two.</summary>
public sealed record SchedulerOptions
{
    /// <summary>A holder with no heartbeat for this long is silent: penalised and hedged.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>An idle node unseen for this long is no longer offered work.</summary>
    public TimeSpan NodeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A holder is late once it runs this many times its expected duration.</summary>
    public double LateFactor { get; init; } = 2.0;

    /// <summary>
    /// Progress is trusted to predict a holder's finish once this fraction of its expected time has
    /// passed; a prediction past <see cref="LateFactor"/> hedges it early.
    /// </summary>
    public double ProgressWarmup { get; init; } = 0.15;

    /// <summary>
    /// The most nodes working on one task at once beyond the policy's base replicas (late holders
    /// still running, hedges, a speculative copy): bounds the waste when many holders run late.
    /// </summary>
    public int MaxExtraHolders { get; init; } = 3;

    /// <summary>
    /// Below this score a node is suspect (it lied or went silent lately, not merely ran late):
    /// a task held only by suspects gets a speculative copy on idle capacity.
    /// </summary>
    public double SuspectScore { get; init; } = 0.3;

    /// <summary>
    /// How long a node caught cheating (an invalid, foreign or replayed result) is benched the first
    /// time: offered no work, and its other tasks revoked. Each further cheat on its record doubles
    /// it, up to <see cref="MaxBench"/>. Zero turns benching off. See docs/decisions/0007.
    /// </summary>
    public TimeSpan Bench { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a node that declined an offer because all its workers were busy (with another
    /// owner's task, or a cancelled proof still running) is offered nothing before it is asked
    /// again. It is not penalised, and the task is not closed to it.
    /// </summary>
    public TimeSpan BusyPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest bench, however many cheats a node has on its record.</summary>
    public TimeSpan MaxBench { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Expected duration assumed when a node advertises no speed.</summary>
    public TimeSpan DefaultExpected { get; init; } = TimeSpan.FromSeconds(60);
}
