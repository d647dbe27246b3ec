using System.Buffers.Binary;

using Tessera.Network;
using Tessera.Network.Scheduling;

namespace Tessera.Planner.Simulation;

/// <summary>
/// A discrete-event simulation of a proving network whose job owners run the real
/// <see cref="SegmentScheduler"/> on a <see cref="VirtualClock"/>: the simulator only plays the nodes
/// and the wires (records out, receipts back, heartbeats, cancels, churn) and carries out the
/// scheduler's decisions. Deterministic: the same options and seed give the same result.
/// </summary>
public sealed class NetworkSimulator
{
    // Heartbeats go out in this many interleaved groups: one event per group instead of one per node.
    private const int HeartbeatGroups = 32;

    // Scheduler ticks are rounded up to this grain, so thousands of holders' deadlines share a tick.
    private static readonly long TickGrain = VirtualClock.Ticks(0.25);

    private readonly SimulationOptions options;
    private readonly VirtualClock clock = new();
    private readonly EventQueue events = new();
    private readonly SegmentScheduler scheduler;
    private readonly Random random;
    private readonly List<SimNode> nodes = [];
    private readonly Dictionary<NodeId, SimNode> byId = [];
    private readonly List<SimNode>[] groups = new List<SimNode>[HeartbeatGroups];
    private readonly Dictionary<JobId, JobRun> jobs = [];
    private readonly int[] segmentPo2;
    private readonly double secondsPerSegment;
    private readonly long end;
    private readonly Dictionary<string, long> assignments = [];
    private readonly Dictionary<string, long> penalties = [];
    private readonly List<double> makespans = [];
    private readonly List<double> queueDelays = [];
    private readonly long stallLimit;
    private long pendingTick = long.MaxValue;
    private long lastProgress;
    private long processed;
    private int submitted;
    private int completed;
    private int arrivalsLeft;
    private double usefulSeconds;
    private double waitSeconds;
    private long waits;
    private long stalls;
    private long leaves;
    private long crashes;
    private long arrived;

    private NetworkSimulator(SimulationOptions options)
    {
        this.options = options;
        random = new Random(options.Seed);
        scheduler = new SegmentScheduler(clock, new InMemoryReputationStore(), options.Scheduler);
        segmentPo2 = Enumerable.Repeat(options.Po2, options.SegmentsPerJob).ToArray();
        secondsPerSegment = options.Profile.Cost(options.Po2)?.SecondsPerSegment
            ?? throw new SimulationException($"profile \"{options.Profile.Prover}\" has no proving time for po2 {options.Po2}");
        stallLimit = Math.Max(TimeSpan.FromHours(6).Ticks, VirtualClock.Ticks(20 * secondsPerSegment * options.SlowFactor));
        end = options.Duration is { } d ? d.Ticks : options.MaxSimulatedTime.Ticks;
        for (var g = 0; g < HeartbeatGroups; g++)
        {
            groups[g] = [];
        }
    }

    /// <summary>Runs the scenario.</summary>
    /// <exception cref="SimulationException">The scenario is not one that can be run.</exception>
    public static SimulationResult Run(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(options);
        return new NetworkSimulator(options).Execute();
    }

    private static void Check(SimulationOptions o)
    {
        if (o.Nodes < 0 || (o.Nodes == 0 && o.ArrivalsPerHour <= 0))
        {
            throw new SimulationException("a network needs at least one node");
        }

        if (o.SegmentsPerJob <= 0 || o.Rollups <= 0)
        {
            throw new SimulationException("jobs need at least one segment and one rollup");
        }

        if (o.AdversarialFraction is < 0 or > 1 || double.IsNaN(o.AdversarialFraction))
        {
            throw new SimulationException($"adversarial fraction {o.AdversarialFraction} is outside 0..1");
        }

        if (o.AdversarialFraction > 0 && o.AdversaryBehaviours.Count == 0)
        {
            throw new SimulationException("adversaries need at least one behaviour");
        }

        if (o.BlockInterval is { } t && t <= TimeSpan.Zero)
        {
            throw new SimulationException("the block interval must be positive");
        }

        if (o.Heartbeat <= TimeSpan.Zero || o.Heartbeat >= o.Scheduler.HeartbeatTimeout)
        {
            throw new SimulationException($"heartbeats every {o.Heartbeat.TotalSeconds} s would look silent to a scheduler that waits {o.Scheduler.HeartbeatTimeout.TotalSeconds} s");
        }
    }

    private SimulationResult Execute()
    {
        var adversaries = PickAdversaries(options.Nodes);
        for (var i = 0; i < options.Nodes; i++)
        {
            var node = Create(adversaries[i]);
            Join(node);
        }

        for (var g = 0; g < HeartbeatGroups; g++)
        {
            events.Push(options.Heartbeat.Ticks * g / HeartbeatGroups, new SimEvent(EventKind.HeartbeatSweep, g));
        }

        if (options.ArrivalsPerHour > 0)
        {
            events.Push(Exponential(3600 / options.ArrivalsPerHour), new SimEvent(EventKind.NewNodeArrives, 0));
        }

        var interval = options.BlockInterval?.Ticks;
        for (var r = 0; r < options.Rollups; r++)
        {
            // Rollups are staggered evenly across one block interval, so blocks do not all land at once.
            var first = interval is { } t ? t * r / options.Rollups : 0;
            events.Push(first, new SimEvent(EventKind.JobArrives, r, 0));
            arrivalsLeft++;
        }

        while (events.TryPop(out var time, out var e))
        {
            if (time > end)
            {
                break;
            }

            clock.AdvanceTo(time);
            processed++;
            Handle(e);
            if (options.Duration is null && ((arrivalsLeft == 0 && completed == submitted) || clock.Now - lastProgress > stallLimit))
            {
                break; // all done, or nothing has moved for so long that nothing will
            }
        }

        return Result();
    }

    private void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.JobArrives:
                JobArrives(e.A, e.B);
                break;
            case EventKind.RecordArrives:
                RecordArrives(e.Work!);
                break;
            case EventKind.ProofFinished:
                ProofFinished(e.Work!);
                break;
            case EventKind.ResultArrives:
                ResultArrives(e.Work!);
                break;
            case EventKind.CancelArrives:
                CancelArrives(e.Work!);
                break;
            case EventKind.HeartbeatSweep:
                Heartbeats(e.A);
                break;
            case EventKind.SchedulerTick:
                if (clock.Now == pendingTick)
                {
                    pendingTick = long.MaxValue;
                    Apply(scheduler.OnTick());
                }

                break;
            case EventKind.NodeJoins:
                if (nodes[e.A].Life == e.B && !nodes[e.A].Online)
                {
                    Join(nodes[e.A]);
                }

                break;
            case EventKind.NodeLeaves:
            case EventKind.NodeCrashes:
                if (nodes[e.A].Life == e.B && nodes[e.A].Online)
                {
                    Depart(nodes[e.A], crash: e.Kind == EventKind.NodeCrashes);
                }

                break;
            case EventKind.NewNodeArrives:
                arrived++;
                Join(Create(random.NextDouble() < options.AdversarialFraction ? Adversary(arrived) : Behaviour.Honest));
                events.Push(clock.Now + Exponential(3600 / options.ArrivalsPerHour), new SimEvent(EventKind.NewNodeArrives, 0));
                break;
            case EventKind.Unmute:
                Unmute(nodes[e.A], e.B);
                break;
        }
    }

    private void JobArrives(int rollup, int block)
    {
        arrivalsLeft--;
        var id = JobOf(rollup, block);
        var run = new JobRun(clock.Now, options.SegmentsPerJob);
        jobs.Add(id, run);
        submitted++;
        lastProgress = clock.Now;
        Apply(scheduler.OnJobSubmitted(new JobSpec(id, segmentPo2, options.Policy)));
        if (options.BlockInterval is { } t && clock.Now + t.Ticks <= end)
        {
            events.Push(clock.Now + t.Ticks, new SimEvent(EventKind.JobArrives, rollup, block + 1));
            arrivalsLeft++;
        }
    }

    /// <summary>Carries out the scheduler's decisions, in order.</summary>
    private void Apply(IReadOnlyList<SchedulerDecision> decisions)
    {
        foreach (var d in decisions)
        {
            switch (d)
            {
                case AssignTask a:
                    Assign(a);
                    break;
                case CancelTask c:
                    if (byId.TryGetValue(c.Node, out var holder) && Holding(holder, c.Task) is { } work)
                    {
                        events.Push(clock.Now + holder.TransferTicks(0), new SimEvent(EventKind.CancelArrives, 0, 0, work));
                    }

                    break;
                case PenaliseNode p:
                    Count(penalties, p.Offence.ToString().ToLowerInvariant());
                    break;
                case TaskStalled:
                    stalls++;
                    break;
                case TaskCompleted:
                case JobCompleted:
                case NodeDropped:
                    break; // counted where the result arrives
            }
        }

        if (scheduler.NextDeadline is { } due)
        {
            var at = Math.Max(clock.Now, VirtualClock.TicksOf(due));
            at = (at + TickGrain - 1) / TickGrain * TickGrain;
            if (at < pendingTick)
            {
                pendingTick = at;
                events.Push(at, new SimEvent(EventKind.SchedulerTick, 0));
            }
        }
    }

    private void Assign(AssignTask a)
    {
        Count(assignments, a.Reason.ToString().ToLowerInvariant());
        var run = jobs[a.Task.Job];
        if (run.FirstAssigned is null)
        {
            run.FirstAssigned = clock.Now;
            queueDelays.Add(Seconds(clock.Now - run.Arrival));
        }

        if (!run.Offered[a.Task.Segment])
        {
            run.Offered[a.Task.Segment] = true;
            waitSeconds += Seconds(clock.Now - run.Arrival);
            waits++;
        }

        var node = byId[a.Node];
        var work = new Work(node, a.Task, a.Po2, clock.Now, node.Life);
        node.Holding.Add(work);
        events.Push(clock.Now + node.TransferTicks(options.RecordBytes), new SimEvent(EventKind.RecordArrives, 0, 0, work));
    }

    private void RecordArrives(Work work)
    {
        var node = work.Node;
        if (work.Cancelled || work.Life != node.Life || !node.Online)
        {
            return;
        }

        node.Ready.Enqueue(work);
        StartNext(node);
    }

    private void StartNext(SimNode node)
    {
        while (node.Current is null && node.Ready.TryDequeue(out var work))
        {
            if (work.Cancelled)
            {
                continue;
            }

            node.Current = work;
            work.StartedAt = clock.Now;
            var honest = VirtualClock.Ticks(secondsPerSegment / node.Speed);
            switch (node.Behaviour)
            {
                case Behaviour.Silent:
                    // Takes it and vanishes; the work it pretends to do costs it nothing.
                    work.Duration = 0;
                    node.Muted = true;
                    events.Push(clock.Now + options.SilentAbsence.Ticks, new SimEvent(EventKind.Unmute, node.Index, node.Life));
                    return;
                case Behaviour.Slow:
                    work.Duration = (long)(honest * options.SlowFactor);
                    break;
                default:
                    // Honest work, or a lie held back until a proof would be due so it looks like one.
                    work.Duration = honest;
                    break;
            }

            events.Push(clock.Now + work.Duration, new SimEvent(EventKind.ProofFinished, 0, 0, work));
        }
    }

    private void ProofFinished(Work work)
    {
        var node = work.Node;
        if (work.Cancelled || work.Life != node.Life || node.Current != work)
        {
            return;
        }

        work.Finished = true;
        node.Current = null;
        node.BusySeconds += Seconds(work.Duration);
        var back = node.TransferTicks(options.ReceiptBytes) + VirtualClock.Ticks(options.VerifySeconds);
        events.Push(clock.Now + back, new SimEvent(EventKind.ResultArrives, 0, 0, work));
        StartNext(node);
    }

    private void ResultArrives(Work work)
    {
        var node = work.Node;
        node.Holding.Remove(work);
        var verdict = node.Behaviour switch
        {
            Behaviour.Garbage => ResultVerdict.Invalid,
            Behaviour.Foreign => ResultVerdict.Foreign,
            Behaviour.Replayed => ResultVerdict.Replayed,
            _ => ResultVerdict.Valid,
        };
        var decisions = scheduler.OnResult(node.Id, work.Task, verdict);
        foreach (var d in decisions)
        {
            if (d is TaskCompleted done && done.Task == work.Task && done.Winner == node.Id)
            {
                lastProgress = clock.Now;
                usefulSeconds += Seconds(work.Duration);
            }
            else if (d is JobCompleted j && jobs.Remove(j.Job, out var run))
            {
                completed++;
                makespans.Add(Seconds(clock.Now - run.Arrival));
            }
        }

        Apply(decisions);
    }

    private void CancelArrives(Work work)
    {
        var node = work.Node;
        node.Holding.Remove(work);
        if (work.Cancelled || work.Finished || work.Life != node.Life)
        {
            return;
        }

        work.Cancelled = true;
        if (node.Current == work)
        {
            node.Current = null;
            node.BusySeconds += Seconds(clock.Now - work.StartedAt);
            if (node.Behaviour == Behaviour.Silent)
            {
                node.BusySeconds -= Seconds(clock.Now - work.StartedAt); // it never worked on it
            }

            StartNext(node);
        }
    }

    private void Heartbeats(int group)
    {
        foreach (var node in groups[group])
        {
            if (!node.Online || node.Muted)
            {
                continue;
            }

            var decisions = node.Current is { } w
                ? scheduler.OnHeartbeat(node.Id, w.Task, Progress(node, w))
                : scheduler.OnHeartbeat(node.Id);
            if (decisions.Count > 0)
            {
                Apply(decisions);
            }
        }

        events.Push(clock.Now + options.Heartbeat.Ticks, new SimEvent(EventKind.HeartbeatSweep, group));
    }

    /// <summary>What the node reports: slow nodes their true pace, liars an honest-looking one.</summary>
    private double Progress(SimNode node, Work w)
    {
        var elapsed = clock.Now - w.StartedAt;
        var honest = VirtualClock.Ticks(secondsPerSegment / node.Speed);
        var total = node.Behaviour == Behaviour.Slow ? w.Duration : honest;
        return total > 0 ? Math.Min(1, (double)elapsed / total) : 0;
    }

    private void Unmute(SimNode node, int life)
    {
        if (node.Life != life || !node.Online)
        {
            return;
        }

        // Back for more: it drops what it held and heartbeats again, which revives it at the scheduler.
        node.Muted = false;
        if (node.Current is { } w)
        {
            w.Cancelled = true;
            node.Current = null;
        }

        StartNext(node);
    }

    private void Join(SimNode node)
    {
        node.Online = true;
        node.Muted = false;
        node.OnlineSince = clock.Now;
        Apply(scheduler.OnNodeJoined(node.Info));
        if (options.MeanUptime is { } up)
        {
            var kind = random.NextDouble() < options.CrashShare ? EventKind.NodeCrashes : EventKind.NodeLeaves;
            events.Push(clock.Now + Exponential(up.TotalSeconds), new SimEvent(kind, node.Index, node.Life));
        }
    }

    private void Depart(SimNode node, bool crash)
    {
        node.Online = false;
        node.OnlineSeconds += Seconds(clock.Now - node.OnlineSince);
        if (node.Current is { } w && node.Behaviour != Behaviour.Silent)
        {
            node.BusySeconds += Seconds(clock.Now - w.StartedAt);
        }

        node.Current = null;
        node.Ready.Clear();
        node.Holding.Clear();
        node.Life++;
        if (crash)
        {
            crashes++;
        }
        else
        {
            leaves++;
            Apply(scheduler.OnNodeLeft(node.Id));
        }

        events.Push(clock.Now + Exponential(options.MeanDowntime.TotalSeconds), new SimEvent(EventKind.NodeJoins, node.Index, node.Life));
    }

    private SimNode Create(Behaviour behaviour)
    {
        var index = nodes.Count;
        var speed = options.Speed.Sample(random);
        var memory = options.MemoryBytes.Sample(random);
        var latency = options.LatencySeconds.Sample(random);
        var bandwidth = options.BandwidthBytesPerSecond.Sample(random);
        var maxPo2 = options.Profile.Costs.Where(c => c.PeakMemoryBytes <= memory).Select(c => c.Po2).DefaultIfEmpty(0).Max();

        // Every node advertises the speed it would have if honest: slow ones lie about it.
        var hz = Math.Pow(2, options.Po2) * speed / secondsPerSegment;
        var info = new NodeInfo(NodeId.Synthetic(((long)options.Seed << 32) | (uint)index), maxPo2, 1, hz);
        var node = new SimNode(index, info, behaviour, speed, latency, bandwidth);
        nodes.Add(node);
        byId.Add(info.Id, node);
        groups[index % HeartbeatGroups].Add(node);
        return node;
    }

    /// <summary>Exactly round(fraction × n) adversaries, at random positions, behaviours dealt in turn.</summary>
    private Behaviour[] PickAdversaries(int n)
    {
        var result = new Behaviour[n];
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var count = (int)Math.Round(options.AdversarialFraction * n);
        for (var i = 0; i < count; i++)
        {
            result[order[i]] = Adversary(i);
        }

        return result;
    }

    private Behaviour Adversary(long i) => options.AdversaryBehaviours[(int)(i % options.AdversaryBehaviours.Count)];

    private static Work? Holding(SimNode node, TaskId task)
    {
        foreach (var w in node.Holding)
        {
            if (w.Task == task)
            {
                return w;
            }
        }

        return null;
    }

    private JobId JobOf(int rollup, int block)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, options.Seed);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], rollup);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], block);
        return new JobId(new Guid(bytes));
    }

    private long Exponential(double meanSeconds) => VirtualClock.Ticks(-meanSeconds * Math.Log(1 - random.NextDouble()));

    private static double Seconds(long ticks) => (double)ticks / TimeSpan.TicksPerSecond;

    private static void Count(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private SimulationResult Result()
    {
        double online = 0, busy = 0, honestOnline = 0, honestBusy = 0;
        foreach (var n in nodes)
        {
            var on = n.OnlineSeconds + (n.Online ? Seconds(clock.Now - n.OnlineSince) : 0);
            var b = n.BusySeconds + (n.Current is { } w && n.Behaviour != Behaviour.Silent ? Seconds(clock.Now - w.StartedAt) : 0);
            online += on;
            busy += b;
            if (n.Behaviour == Behaviour.Honest)
            {
                honestOnline += on;
                honestBusy += b;
            }
        }

        return new SimulationResult
        {
            SimulatedSeconds = clock.Seconds,
            Events = processed,
            JobsSubmitted = submitted,
            JobsCompleted = completed,
            Makespan = Summary.Of(makespans),
            Makespans = makespans,
            QueueDelay = Summary.Of(queueDelays),
            MeanSegmentWaitSeconds = waits > 0 ? waitSeconds / waits : 0,
            UsefulNodeHours = usefulSeconds / 3600,
            ProvingNodeHours = busy / 3600,
            HonestNodeHours = honestBusy / 3600,
            Utilisation = online > 0 ? busy / online : 0,
            HonestUtilisation = honestOnline > 0 ? honestBusy / honestOnline : 0,
            Assignments = assignments,
            Penalties = penalties,
            Stalls = stalls,
            Churn = (leaves, crashes, arrived),
        };
    }

    private sealed class JobRun(long arrival, int segments)
    {
        public long Arrival { get; } = arrival;

        public long? FirstAssigned { get; set; }

        public bool[] Offered { get; } = new bool[segments];
    }
}
