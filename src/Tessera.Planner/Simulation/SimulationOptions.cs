using Tessera.Network.Scheduling;
using Tessera.Planner.Profiles;

namespace Tessera.Planner.Simulation;

/// <summary>One scenario: the network, its adversaries and churn, and the jobs it is given.</summary>
public sealed record SimulationOptions
{
    /// <summary>Proving time and memory per po2 of the reference machine.</summary>
    public required ProverProfile Profile { get; init; }

    /// <summary>Segment size of every job.</summary>
    public required int Po2 { get; init; }

    /// <summary>Segments per job (a block), e.g. from the profile's inflation curve.</summary>
    public required int SegmentsPerJob { get; init; }

    /// <summary>Nodes present at the start.</summary>
    public required int Nodes { get; init; }

    /// <summary>Seed of every random draw.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Simulated time; jobs still open then are reported unfinished. Null runs until every job is done.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Concurrent job sources (rollups).</summary>
    public int Rollups { get; init; } = 1;

    /// <summary>Each rollup submits a block this often; null submits one block per rollup at the start.</summary>
    public TimeSpan? BlockInterval { get; init; }

    /// <summary>How the scheduler replicates.</summary>
    public SchedulingPolicy Policy { get; init; } = SchedulingPolicy.Adaptive;

    /// <summary>The scheduler's knobs.</summary>
    public SchedulerOptions Scheduler { get; init; } = new();

    /// <summary>Speed of a node relative to the profile's machine (2 = proves in half the time).</summary>
    public Distribution Speed { get; init; } = Distribution.Fixed(1);

    /// <summary>Memory of a node in bytes; it takes the largest po2 whose peak fits.</summary>
    public Distribution MemoryBytes { get; init; } = Distribution.Fixed(16L << 30);

    /// <summary>One-way latency between the owner and a node, in seconds.</summary>
    public Distribution LatencySeconds { get; init; } = Distribution.Fixed(0.05);

    /// <summary>A node's bandwidth in bytes per second.</summary>
    public Distribution BandwidthBytesPerSecond { get; init; } = Distribution.Fixed(12.5e6);

    /// <summary>Bytes of one segment record sent to a node.</summary>
    public long RecordBytes { get; init; } = 2L << 20;

    /// <summary>Bytes of one segment receipt sent back.</summary>
    public long ReceiptBytes { get; init; } = 256L << 10;

    /// <summary>The owner's time to verify one returned receipt, in seconds.</summary>
    public double VerifySeconds { get; init; } = 0.05;

    /// <summary>Fraction of nodes that are adversarial.</summary>
    public double AdversarialFraction { get; init; }

    /// <summary>The adversaries' behaviours, drawn evenly.</summary>
    public IReadOnlyList<Behaviour> AdversaryBehaviours { get; init; } =
        [Behaviour.Garbage, Behaviour.Foreign, Behaviour.Replayed, Behaviour.Silent, Behaviour.Slow];

    /// <summary>How many times slower than advertised a slow node proves.</summary>
    public double SlowFactor { get; init; } = 4;

    /// <summary>How long a silent node stays away before it comes back for more work.</summary>
    public TimeSpan SilentAbsence { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Heartbeat period of every live node.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Mean time a node stays before it leaves or crashes; null for no churn.</summary>
    public TimeSpan? MeanUptime { get; init; }

    /// <summary>Mean time a departed node stays away before it rejoins.</summary>
    public TimeSpan MeanDowntime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Fraction of departures that are crashes (no goodbye) rather than orderly leaves.</summary>
    public double CrashShare { get; init; } = 0.5;

    /// <summary>New nodes arriving per hour beyond <see cref="Nodes"/>.</summary>
    public double ArrivalsPerHour { get; init; }

    /// <summary>Safety bound on simulated time when <see cref="Duration"/> is null.</summary>
    public TimeSpan MaxSimulatedTime { get; init; } = TimeSpan.FromDays(30);
}
