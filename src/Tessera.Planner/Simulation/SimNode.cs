using Tessera.Network;
using Tessera.Network.Scheduling;

namespace Tessera.Planner.Simulation;

/// <summary>A simulated prover: its figures, its behaviour, and what it is doing now.</summary>
internal sealed class SimNode(int index, NodeInfo info, Behaviour behaviour, double speed, double latencySeconds, double bandwidth)
{
    public int Index { get; } = index;

    public NodeId Id => Info.Id;

    public NodeInfo Info { get; } = info;

    public Behaviour Behaviour { get; } = behaviour;

    /// <summary>Speed relative to the profile's machine.</summary>
    public double Speed { get; } = speed;

    public double LatencySeconds { get; } = latencySeconds;

    public double Bandwidth { get; } = bandwidth;

    /// <summary>Process up: not crashed, not left.</summary>
    public bool Online { get; set; }

    /// <summary>A silent adversary hiding: no heartbeats.</summary>
    public bool Muted { get; set; }

    /// <summary>Bumped on every crash or leave so that events of a past life are ignored.</summary>
    public int Life { get; set; }

    /// <summary>Assignments not yet answered or cancelled, wherever they are.</summary>
    public List<Work> Holding { get; } = [];

    /// <summary>Records received, waiting for the worker.</summary>
    public Queue<Work> Ready { get; } = new();

    /// <summary>The task the worker is on.</summary>
    public Work? Current { get; set; }

    public long OnlineSince { get; set; }

    public double OnlineSeconds { get; set; }

    public double BusySeconds { get; set; }

    /// <summary>Seconds to move <paramref name="bytes"/> between the owner and this node.</summary>
    public long TransferTicks(long bytes) => VirtualClock.Ticks(LatencySeconds + (bytes / Bandwidth));
}

/// <summary>One assignment as the node lives it: record in transit, queued, being proved, answered, or cancelled.</summary>
internal sealed class Work(SimNode node, TaskId task, int po2, long assignedAt, int life)
{
    public SimNode Node { get; } = node;

    public TaskId Task { get; } = task;

    public int Po2 { get; } = po2;

    public long AssignedAt { get; } = assignedAt;

    public int Life { get; } = life;

    public long StartedAt { get; set; } = -1;

    /// <summary>How long the worker is on it (the time a lie is held back to look like a proof included).</summary>
    public long Duration { get; set; }

    public bool Cancelled { get; set; }

    public bool Finished { get; set; }
}
