using Tessera.Network.Scheduling;

namespace Tessera.Network.Tests.Scheduling;

/// <summary>How a simulated node behaves when it is given a task.</summary>
public enum Behaviour
{
    Honest,

    /// <summary>Proves at a tenth of its advertised speed.</summary>
    Slow,

    /// <summary>Returns bytes that do not verify, after pretending to work a while.</summary>
    Garbage,

    /// <summary>Returns a valid proof of another segment.</summary>
    Foreign,

    /// <summary>Returns an old proof bound to an earlier assignment.</summary>
    Replay,

    /// <summary>Takes tasks and never says another word about them.</summary>
    Silent,

    /// <summary>Dies halfway through its first task and never comes back.</summary>
    Crash,
}

/// <summary>
/// A small discrete-event harness around <see cref="SegmentScheduler"/> on a virtual clock: the
/// scheduler's tests drive it the way the planner's simulator will, and measure proving work in
/// rows actually proven (cancelled partial work included).
/// </summary>
internal sealed class Simulation
{
    public const int Po2 = 19;
    public const double HonestHz = 1 << 13; // 2^19 rows in 64 s
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PresenceEvery = TimeSpan.FromSeconds(5);

    private readonly ManualClock clock = new();
    private readonly PriorityQueue<Action, (long Time, long Seq)> events = new();
    private readonly Dictionary<NodeId, SimNode> byId = [];
    private readonly Dictionary<(NodeId, TaskId), Work> work = [];
    private long order;
    private int submitted;
    private DateTimeOffset? tickAt;

    public Simulation(IReputationStore? store = null, SchedulerOptions? options = null)
    {
        Scheduler = new SegmentScheduler(clock, store ?? new InMemoryReputationStore(), options);
        Start = clock.Now;
    }

    public SegmentScheduler Scheduler { get; }

    public DateTimeOffset Start { get; }

    public List<SchedulerDecision> Log { get; } = [];

    public double RowsProven { get; private set; }

    public Dictionary<Behaviour, double> RowsBy { get; } = [];

    public Dictionary<JobId, DateTimeOffset> Completed { get; } = [];

    public IReadOnlyDictionary<NodeId, SimNode> Nodes => byId;

    public SimNode AddNode(long n, Behaviour behaviour, int maxPo2 = 20, int workers = 1)
    {
        var node = new SimNode(new NodeInfo(NodeId.Synthetic(n), maxPo2, workers, HonestHz), behaviour);
        byId.Add(node.Info.Id, node);
        At(clock.Now, () => Apply(Scheduler.OnNodeJoined(node.Info)));
        SchedulePresence(node);
        return node;
    }

    public JobId Submit(int segments, SchedulingPolicy policy, IReadOnlySet<int>? verified = null)
    {
        var id = new JobId(new Guid(++submitted, 0, 0, new byte[8]));
        var spec = new JobSpec(id, Enumerable.Repeat(Po2, segments).ToArray(), policy, verified);
        At(clock.Now, () => Apply(Scheduler.OnJobSubmitted(spec)));
        return id;
    }

    /// <summary>Runs until no job is open and nothing is in flight, or the virtual limit passes.</summary>
    public TimeSpan Run(TimeSpan? limit = null)
    {
        var end = Start + (limit ?? TimeSpan.FromHours(10));
        while (events.TryDequeue(out var action, out var key))
        {
            if (key.Time > end.UtcTicks)
            {
                throw new TimeoutException($"simulation still running after {limit}");
            }

            clock.Now = new DateTimeOffset(key.Time, TimeSpan.Zero);
            action();
            if (Completed.Count == submitted)
            {
                break;
            }
        }

        return clock.Now - Start;
    }

    public int Count<T>(Func<T, bool>? where = null)
        where T : SchedulerDecision => Log.OfType<T>().Count(d => where?.Invoke(d) ?? true);

    private void At(DateTimeOffset when, Action action) => events.Enqueue(action, (when.UtcTicks, order++));

    private void SchedulePresence(SimNode node)
    {
        At(clock.Now + PresenceEvery, () =>
        {
            if (node.Dead)
            {
                return;
            }

            Apply(Scheduler.OnHeartbeat(node.Info.Id));
            SchedulePresence(node);
        });
    }

    private void Apply(IReadOnlyList<SchedulerDecision> decisions)
    {
        foreach (var d in decisions)
        {
            Log.Add(d);
            switch (d)
            {
                case AssignTask a:
                    StartWork(byId[a.Node], a);
                    break;
                case CancelTask c:
                    StopWork(c.Node, c.Task);
                    break;
                case JobCompleted j:
                    Completed[j.Job] = clock.Now;
                    break;
            }
        }

        if (Scheduler.NextDeadline is { } next)
        {
            var due = next < clock.Now ? clock.Now : next;
            if (tickAt is null || due < tickAt)
            {
                tickAt = due;
                At(due, () =>
                {
                    if (tickAt == due)
                    {
                        tickAt = null;
                    }

                    Apply(Scheduler.OnTick());
                });
            }
        }
    }

    private void StartWork(SimNode node, AssignTask a)
    {
        if (node.Dead)
        {
            return;
        }

        node.Tasks++;
        var honestTime = TimeSpan.FromSeconds((1 << a.Po2) / HonestHz);
        var w = new Work(node, a.Task, clock.Now, node.Behaviour switch
        {
            Behaviour.Slow => honestTime * 10,
            Behaviour.Garbage => honestTime * 0.2,
            Behaviour.Foreign or Behaviour.Replay => honestTime * 0.1,
            Behaviour.Crash => honestTime * 0.5,
            _ => honestTime,
        });
        work[(node.Info.Id, a.Task)] = w;
        if (node.Behaviour != Behaviour.Silent)
        {
            Beat(w);
        }

        At(w.Start + w.Duration, () => Finish(w));
    }

    private void Beat(Work w)
    {
        At(clock.Now + HeartbeatEvery, () =>
        {
            if (w.Stopped || w.Node.Dead)
            {
                return;
            }

            var progress = (clock.Now - w.Start) / w.Duration;
            if (progress >= 1)
            {
                return;
            }

            Apply(Scheduler.OnHeartbeat(w.Node.Info.Id, w.Task, progress));
            Beat(w);
        });
    }

    private void Finish(Work w)
    {
        if (w.Stopped || w.Node.Dead)
        {
            return;
        }

        Account(w);
        work.Remove((w.Node.Info.Id, w.Task));
        var verdict = w.Node.Behaviour switch
        {
            Behaviour.Honest or Behaviour.Slow => ResultVerdict.Valid,
            Behaviour.Garbage => ResultVerdict.Invalid,
            Behaviour.Foreign => ResultVerdict.Foreign,
            Behaviour.Replay => ResultVerdict.Replayed,
            Behaviour.Silent => (ResultVerdict?)null,
            Behaviour.Crash => null,
            _ => null,
        };
        if (w.Node.Behaviour == Behaviour.Crash)
        {
            w.Node.Dead = true;
            foreach (var other in work.Values.Where(x => x.Node == w.Node).ToList())
            {
                Account(other);
                work.Remove((w.Node.Info.Id, other.Task));
            }

            return;
        }

        if (verdict is { } v)
        {
            Apply(Scheduler.OnResult(w.Node.Info.Id, w.Task, v));
        }
        else
        {
            w.Stopped = true; // a silent node keeps the slot forever, but it never does work
        }
    }

    private void StopWork(NodeId node, TaskId task)
    {
        if (work.Remove((node, task), out var w))
        {
            Account(w);
            w.Stopped = true;
        }
    }

    private void Account(Work w)
    {
        if (w.Accounted)
        {
            return;
        }

        w.Accounted = true;
        if (w.Node.Behaviour is Behaviour.Honest or Behaviour.Slow or Behaviour.Crash)
        {
            // Rows actually proven: the crashing node proves at full speed until it dies.
            var whole = w.Node.Behaviour == Behaviour.Crash ? w.Duration * 2 : w.Duration;
            var fraction = Math.Min(1, (clock.Now - w.Start) / whole);
            RowsProven += fraction * (1 << Po2);
            RowsBy[w.Node.Behaviour] = RowsBy.GetValueOrDefault(w.Node.Behaviour) + (fraction * (1 << Po2));
        }
    }

    internal sealed class SimNode(NodeInfo info, Behaviour behaviour)
    {
        public NodeInfo Info { get; } = info;

        public Behaviour Behaviour { get; } = behaviour;

        public bool Dead { get; set; }

        public int Tasks { get; set; }
    }

    private sealed class Work(SimNode node, TaskId task, DateTimeOffset start, TimeSpan duration)
    {
        public SimNode Node { get; } = node;

        public TaskId Task { get; } = task;

        public DateTimeOffset Start { get; } = start;

        public TimeSpan Duration { get; } = duration;

        public bool Stopped { get; set; }

        public bool Accounted { get; set; }
    }
}
