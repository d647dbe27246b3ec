namespace Tessera.Planner.Simulation;

/// <summary>What happens at an event.</summary>
internal enum EventKind : byte
{
    JobArrives,
    RecordArrives,
    ProofFinished,
    ResultArrives,
    CancelArrives,
    HeartbeatSweep,
    SchedulerTick,
    NodeJoins,
    NodeLeaves,
    NodeCrashes,
    NewNodeArrives,
    Unmute,
}

/// <summary>One event: a kind and the indices it concerns. A struct, so millions of them cost no garbage.</summary>
internal readonly record struct SimEvent(EventKind Kind, int A, int B = 0, Work? Work = null);

/// <summary>
/// Events in time order; events at the same tick in the order they were scheduled, so a run is a
/// pure function of its inputs and seed.
/// </summary>
internal sealed class EventQueue
{
    private readonly PriorityQueue<SimEvent, (long Time, long Seq)> queue = new();
    private long seq;

    public int Count => queue.Count;

    public void Push(long time, SimEvent e) => queue.Enqueue(e, (time, seq++));

    public bool TryPop(out long time, out SimEvent e)
    {
        if (queue.TryDequeue(out e, out var key))
        {
            time = key.Time;
            return true;
        }

        time = 0;
        return false;
    }

    public long PeekTime => queue.TryPeek(out _, out var key) ? key.Time : long.MaxValue;
}
