namespace Tessera.Network.Scheduling;

/// <summary>
/// Matches segments to prover nodes, and decides what to do when nodes lie, stall or vanish.
/// A pure component: events in, decisions out, time from the injected <see cref="TimeProvider"/>,
/// no I/O besides the injected <see cref="IReputationStore"/>, and the same decisions for the same
/// events at the same times.
/// </summary>
/// <remarks>
/// <para>
/// <b>Driving it.</b> The live job owner and the simulator drive it alike: report each event with
/// the matching <c>On…</c> method at the time it happens (the clock says when), carry out the
/// returned decisions in order, and call <see cref="OnTick"/> no later than
/// <see cref="NextDeadline"/> — that is when a silent or late holder is noticed. A discrete-event
/// simulator sets its virtual clock to an event's time, calls the method, schedules the
/// consequences of the decisions (an <see cref="AssignTask"/> becomes a future result or
/// silence), and pushes a tick at <see cref="NextDeadline"/>. A live owner ticks on a timer.
/// </para>
/// <para>
/// <b>Results are verified before they get here.</b> The caller checks each returned proof against
/// the claim it expects and reports a <see cref="ResultVerdict"/>; only <see cref="ResultVerdict.Valid"/>
/// completes a task. Exact duplicate messages are the protocol layer's to drop: a replay of another
/// node's signed message must not cost that node its reputation.
/// </para>
/// <para>
/// <b>Cost.</b> Free nodes sit in one sorted set per advertised po2, so picking a node costs
/// O(32 log N) and no event scans all nodes or all tasks. Deadlines sit in one priority queue.
/// </para>
/// </remarks>
public sealed class SegmentScheduler
{
    private const int Buckets = 33; // po2 0..32
    private const int MaxSkips = 64; // tasks passed over per po2 per dispatch when free nodes all hold them

    private static readonly IReadOnlyList<SchedulerDecision> None = [];

    private readonly TimeProvider clock;
    private readonly IReputationStore reputations;
    private readonly SchedulerOptions options;
    private readonly Dictionary<NodeId, NodeState> nodes = [];
    private readonly Dictionary<JobId, JobState> jobs = [];
    private readonly SortedSet<NodeState>[] pool = new SortedSet<NodeState>[Buckets];
    private readonly int[] availableByBucket = new int[Buckets]; // live, not benched, by advertised po2
    private readonly int[] stallsReported = new int[Buckets];
    private readonly LinkedList<TaskState>[] pending = new LinkedList<TaskState>[Buckets];
    private readonly Queue<SpeculationEntry> speculation = new();
    private readonly List<TaskState> touched = []; // queued for speculation, changed since the last pass
    private readonly PriorityQueue<Assignment, long> deadlines = new();
    private readonly PriorityQueue<NodeState, long> benchEnds = new();
    private readonly long heartbeatTimeout;
    private readonly long nodeTimeout;
    private readonly long bench;
    private readonly long maxBench;
    private int trustedInPool; // free nodes at or above SuspectScore
    private int droppedQueued; // dropped entries still in the speculation queue
    private long seenFloor = long.MaxValue; // at most the LastSeen of every pooled node

    /// <summary>Creates a scheduler with no nodes and no jobs.</summary>
    public SegmentScheduler(TimeProvider clock, IReputationStore reputations, SchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(reputations);
        this.clock = clock;
        this.reputations = reputations;
        this.options = options ?? new SchedulerOptions();
        heartbeatTimeout = this.options.HeartbeatTimeout.Ticks;
        nodeTimeout = this.options.NodeTimeout.Ticks;
        bench = Math.Max(0, this.options.Bench.Ticks);
        maxBench = Math.Max(bench, this.options.MaxBench.Ticks);
        var comparer = new PoolOrder();
        for (var i = 0; i < Buckets; i++)
        {
            pool[i] = new SortedSet<NodeState>(comparer);
            pending[i] = new LinkedList<TaskState>();
        }
    }

    /// <summary>The options in force.</summary>
    public SchedulerOptions Options => options;

    /// <summary>When <see cref="OnTick"/> should next be called; null while nothing is in flight and no node is benched.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            long? due = deadlines.TryPeek(out _, out var d) ? d : null;
            if (benchEnds.TryPeek(out _, out var b) && (due is null || b < due))
            {
                due = b;
            }

            return due is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
        }
    }

    /// <summary>Jobs submitted and not yet completed or cancelled.</summary>
    public int OpenJobs => jobs.Count;

    /// <summary>Tests: scan the whole speculation queue on every dispatch, as the reference for the short cut.</summary>
    internal bool AlwaysRescanSpeculation { get; set; }

    /// <summary>Speculation passes that only re-checked the tasks touched since the last pass.</summary>
    internal long QuietSpeculationPasses { get; private set; }

    /// <summary>A node's standing (from the store when the scheduler has not met it).</summary>
    public Reputation ReputationOf(NodeId node) =>
        nodes.TryGetValue(node, out var n) ? n.Reputation : reputations.Load(node);

    /// <summary>Until when a node is offered no work (caught cheating, or it said all its workers were busy); null when it may be.</summary>
    public DateTimeOffset? BenchedUntil(NodeId node) =>
        nodes.TryGetValue(node, out var n) && n.Benched ? new DateTimeOffset(n.BenchedUntil, TimeSpan.Zero) : null;

    /// <summary>Segments of an open job that have a verified result, and its segment count; null for a job not open.</summary>
    public (int Verified, int Total)? ProgressOf(JobId job) =>
        jobs.TryGetValue(job, out var j) ? (j.Tasks.Length - j.Remaining, j.Tasks.Length) : null;

    /// <summary>Assignments of an open job's unfinished tasks that are still out (0 for a job not open).</summary>
    public int InFlightOf(JobId job)
    {
        if (!jobs.TryGetValue(job, out var j))
        {
            return 0;
        }

        var n = 0;
        foreach (var t in j.Tasks)
        {
            if (!t.Done)
            {
                foreach (var a in t.Assignments)
                {
                    n += a.State == AssignmentState.Ended ? 0 : 1;
                }
            }
        }

        return n;
    }

    /// <summary>A node advertised itself (first time, or again with new figures).</summary>
    public IReadOnlyList<SchedulerDecision> OnNodeJoined(NodeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var now = Now();
        var clean = info with
        {
            MaxPo2 = Math.Clamp(info.MaxPo2, 0, Buckets - 1),
            Workers = Math.Max(0, info.Workers),
            ProvingHz = double.IsFinite(info.ProvingHz) && info.ProvingHz > 0 ? info.ProvingHz : 0,
        };
        if (nodes.TryGetValue(info.Id, out var node))
        {
            Unpool(node);
            Counted(node, -1);
            node.Info = clean;
            node.LastSeen = now;
        }
        else
        {
            node = new NodeState(clean, reputations.Load(info.Id), now) { Live = false };
            nodes.Add(info.Id, node);

            // Caught cheating before (another job, another owner) and not yet trusted again: its
            // bench is not on record, so it starts one now.
            if (node.Reputation.Wrong > 0 && node.Reputation.Score < options.SuspectScore)
            {
                Bench(node, now, null);
            }
        }

        node.Live = true;
        Counted(node, +1);
        ClearStalls(clean.MaxPo2);
        Repool(node);
        var output = new List<SchedulerDecision>();
        Dispatch(now, output);
        return output;
    }

    /// <summary>A node said goodbye: its tasks go to others at once, without penalty.</summary>
    public IReadOnlyList<SchedulerDecision> OnNodeLeft(NodeId id)
    {
        if (!nodes.TryGetValue(id, out var node))
        {
            return None;
        }

        var now = Now();
        var output = new List<SchedulerDecision>();
        MarkDead(node);
        foreach (var a in node.Holding.ToArray())
        {
            End(a);
            Replace(a.Task, AssignReason.Reassign);
        }

        output.Add(new NodeDropped(id, Left: true));
        Dispatch(now, output);
        return output;
    }

    /// <summary>A job's segments are to be proven.</summary>
    /// <exception cref="ArgumentException">The job is already open, or a po2 is out of range.</exception>
    public IReadOnlyList<SchedulerDecision> OnJobSubmitted(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (jobs.ContainsKey(spec.Id))
        {
            throw new ArgumentException($"job {spec.Id} is already open", nameof(spec));
        }

        var job = new JobState(spec);
        var tasks = new TaskState[spec.SegmentPo2.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var po2 = spec.SegmentPo2[i];
            if (po2 is < 0 or >= Buckets)
            {
                throw new ArgumentException($"segment {i} has po2 {po2}, outside 0..{Buckets - 1}", nameof(spec));
            }

            tasks[i] = new TaskState(new TaskId(spec.Id, i), po2, job);
        }

        job.Tasks = tasks;
        var now = Now();
        var output = new List<SchedulerDecision>();
        foreach (var t in tasks)
        {
            if (spec.Verified?.Contains(t.Id.Segment) == true)
            {
                t.Done = true;
            }
            else
            {
                job.Remaining++;
                Requeue(t, AssignReason.Offer, front: false);
            }
        }

        if (job.Remaining == 0)
        {
            output.Add(new JobCompleted(spec.Id));
            return output;
        }

        jobs.Add(spec.Id, job);
        Dispatch(now, output);
        return output;
    }

    /// <summary>The owner gave up on a job: every holder is told to stop.</summary>
    public IReadOnlyList<SchedulerDecision> OnJobCancelled(JobId id)
    {
        if (!jobs.Remove(id, out var job))
        {
            return None;
        }

        var output = new List<SchedulerDecision>();
        foreach (var t in job.Tasks)
        {
            t.Done = true;
            Touch(t);
            foreach (var a in t.Assignments)
            {
                if (a.State != AssignmentState.Ended)
                {
                    End(a);
                    output.Add(new CancelTask(a.Node.Info.Id, t.Id, CancelReason.JobCancelled));
                }
            }
        }

        Dispatch(Now(), output);
        return output;
    }

    /// <summary>
    /// A node is alive; with a task, it is working on it and has done <paramref name="progress"/>
    /// (0 to 1) of it. A heartbeat from a node thought silent brings it back.
    /// </summary>
    public IReadOnlyList<SchedulerDecision> OnHeartbeat(NodeId id, TaskId? task = null, double progress = 0)
    {
        if (!nodes.TryGetValue(id, out var node))
        {
            return None;
        }

        var now = Now();
        node.LastSeen = now;
        List<SchedulerDecision>? output = null;
        if (!node.Live)
        {
            node.Live = true;
            Counted(node, +1);
            ClearStalls(node.Info.MaxPo2);
            Repool(node);
            output = [];
        }

        var a = task is { } tid && TaskOf(tid) is { } t ? Find(t, node) : null;
        if (a is { State: AssignmentState.Ended, Task.Done: true })
        {
            // It missed the cancel: say it again rather than let it hold a stale lock.
            output ??= [];
            output.Add(new CancelTask(id, a.Task.Id, CancelReason.Completed));
        }
        else if (a is not null && a.State != AssignmentState.Ended)
        {
            a.LastBeat = now;
            if (double.IsFinite(progress))
            {
                a.Progress = Math.Clamp(progress, 0, 1);
                if (a.FirstProgressAt is null && a.Progress > 0)
                {
                    a.FirstProgressAt = now;
                    a.FirstProgress = a.Progress;
                }
            }

            if (a.State == AssignmentState.Silent)
            {
                a.State = AssignmentState.Active;
                Touch(a.Task);
                deadlines.Enqueue(a, DueOf(a));
            }

            if (!a.HedgedLate && PredictsLate(a, now))
            {
                output ??= [];
                HedgeLate(a, now, output);
            }
        }

        if (output is null)
        {
            return None;
        }

        Dispatch(now, output);
        return output;
    }

    /// <summary>A node turned a task down: it goes to another node, without penalty, and is not offered to this one again.</summary>
    /// <param name="id">The node.</param>
    /// <param name="task">The task it turned down.</param>
    /// <param name="busy">
    /// Only for now: all its workers were taken. It is then not excluded from the task but offered
    /// nothing for <see cref="SchedulerOptions.BusyPause"/>; excluding it would stall every task a
    /// briefly busy node was offered (an owner restarted while its nodes finish the old run's proofs).
    /// </param>
    public IReadOnlyList<SchedulerDecision> OnDeclined(NodeId id, TaskId task, bool busy = false)
    {
        if (!nodes.TryGetValue(id, out var node) || TaskOf(task) is not { } t || Find(t, node) is not { } a
            || a.State == AssignmentState.Ended)
        {
            return None;
        }

        var output = new List<SchedulerDecision>();
        var now = Now();
        End(a);
        if (busy)
        {
            Pause(node, now + options.BusyPause.Ticks);
        }
        else if (!t.Excluded.Contains(id))
        {
            // Not offered to it again: a node that cannot take a task would otherwise be offered it in a loop.
            t.Excluded.Add(id);
        }

        Replace(a.Task, AssignReason.Reassign);
        Dispatch(Now(), output);
        return output;
    }

    /// <summary>A node returned a result for a task, and the owner's verifier judged it.</summary>
    public IReadOnlyList<SchedulerDecision> OnResult(NodeId id, TaskId task, ResultVerdict verdict)
    {
        if (TaskOf(task) is not { } t)
        {
            return None; // a finished or foreign job: nothing to count
        }

        nodes.TryGetValue(id, out var node);
        var a = node is null ? null : Find(t, node);
        var now = Now();
        var output = new List<SchedulerDecision>();
        if (verdict == ResultVerdict.Valid)
        {
            if (node is not null && a is not null)
            {
                Credit(node, a, now);
            }

            if (!t.Done)
            {
                var late = a is not null && (a.HedgedLate || a.State == AssignmentState.Silent);
                if (a is not null)
                {
                    End(a);
                }

                Complete(t, id, late, output);
            }
            else if (a is not null)
            {
                End(a);
            }
        }
        else
        {
            var offence = verdict switch
            {
                ResultVerdict.Invalid => Offence.Invalid,
                ResultVerdict.Foreign => Offence.Foreign,
                ResultVerdict.Replayed => Offence.Replayed,
                _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
            };
            if (node is not null)
            {
                Penalise(node, task, offence, output);
                if (!t.Excluded.Contains(id))
                {
                    t.Excluded.Add(id);
                }
            }

            if (a is not null && a.State != AssignmentState.Ended)
            {
                End(a);
                Replace(t, AssignReason.Reassign);
            }

            if (node is not null)
            {
                Bench(node, now, output);
            }
        }

        Dispatch(now, output);
        return output;
    }

    /// <summary>Time passed: notices silent and late holders, and ends benches. Call it by <see cref="NextDeadline"/>.</summary>
    public IReadOnlyList<SchedulerDecision> OnTick()
    {
        var now = Now();
        List<SchedulerDecision>? output = null;
        while (benchEnds.TryPeek(out var n, out var until) && until <= now)
        {
            benchEnds.Dequeue();
            if (!n.Benched || n.BenchedUntil != until)
            {
                continue; // benched again for longer since
            }

            Counted(n, -1);
            n.Benched = false;
            Counted(n, +1);
            Repool(n);
            ClearStalls(n.Info.MaxPo2);
            output ??= [];
        }

        while (deadlines.TryPeek(out var a, out var due) && due <= now)
        {
            deadlines.Dequeue();
            if (a.State != AssignmentState.Active)
            {
                continue;
            }

            var actual = DueOf(a);
            if (actual > now)
            {
                deadlines.Enqueue(a, actual); // a heartbeat moved it on
                continue;
            }

            output ??= [];
            if (a.LastBeat + heartbeatTimeout <= now)
            {
                GoneSilent(a, output);
            }
            else
            {
                HedgeLate(a, now, output);
                deadlines.Enqueue(a, DueOf(a));
            }
        }

        if (output is null)
        {
            return None;
        }

        Dispatch(now, output);
        return output;
    }

    private long Now() => clock.GetUtcNow().UtcTicks;

    private TaskState? TaskOf(TaskId task) =>
        jobs.TryGetValue(task.Job, out var job) && task.Segment >= 0 && task.Segment < job.Tasks.Length
            ? job.Tasks[task.Segment]
            : null;

    /// <summary>The node's latest assignment of the task, ended ones included.</summary>
    private static Assignment? Find(TaskState task, NodeState node)
    {
        for (var i = task.Assignments.Count - 1; i >= 0; i--)
        {
            if (task.Assignments[i].Node == node)
            {
                return task.Assignments[i];
            }
        }

        return null;
    }

    private long DueOf(Assignment a)
    {
        var silentAt = a.LastBeat + heartbeatTimeout;
        if (a.HedgedLate)
        {
            return silentAt;
        }

        return Math.Min(silentAt, a.Start + (long)(a.Expected * options.LateFactor));
    }

    /// <summary>
    /// Whether the holder's rate of progress, measured between its first progress report and its
    /// latest (so the delay before it started does not count against it), says it will finish
    /// past <see cref="SchedulerOptions.LateFactor"/> times its expected duration.
    /// </summary>
    private bool PredictsLate(Assignment a, long now)
    {
        _ = now;
        if (a.FirstProgressAt is not { } t0)
        {
            return false;
        }

        var span = a.LastBeat - t0;
        var gained = a.Progress - a.FirstProgress;
        if (span < a.Expected * options.ProgressWarmup)
        {
            return false;
        }

        if (gained <= 0)
        {
            return false; // no news; the deadline or the heartbeat timeout will tell
        }

        var finish = a.LastBeat + ((1 - a.Progress) * span / gained);
        return finish - a.Start > a.Expected * options.LateFactor;
    }

    private void HedgeLate(Assignment a, long now, List<SchedulerDecision> output)
    {
        a.HedgedLate = true;
        var elapsed = now - a.Start;
        if (a.Progress > 0 && elapsed > 0)
        {
            a.Node.MeasuredHz = a.Progress * (1L << a.Task.Po2) / TimeSpan.FromTicks(elapsed).TotalSeconds;
            Refile(a.Node);
        }

        Penalise(a.Node, a.Task.Id, Offence.Late, output);

        // A late holder keeps running (its valid result still counts) but no longer counts as cover.
        if (Needs(a.Task))
        {
            Requeue(a.Task, AssignReason.Hedge, front: true);
        }
    }

    private void GoneSilent(Assignment a, List<SchedulerDecision> output)
    {
        a.State = AssignmentState.Silent; // still held: a late valid result counts
        Touch(a.Task);
        var node = a.Node;
        Penalise(node, a.Task.Id, Offence.Silent, output);
        if (node.Live)
        {
            MarkDead(node);
            output.Add(new NodeDropped(node.Info.Id, Left: false));
        }

        Replace(a.Task, AssignReason.Hedge);
    }

    /// <summary>
    /// A holder failed or vanished. If the task had an extra holder (a hedge or a speculative
    /// copy) that is sound, that one now covers it and the width shrinks; otherwise a new holder is sought.
    /// Without the shrink, a liar's replacement would race an honest copy already running.
    /// </summary>
    private void Replace(TaskState t, AssignReason reason)
    {
        if (t.Done)
        {
            return;
        }

        if (t.Extra > 0 && HasSoundHolder(t))
        {
            t.Extra--;
        }

        if (Needs(t))
        {
            Requeue(t, reason, front: true);
        }
    }

    private void Credit(NodeState node, Assignment a, long now)
    {
        node.Reputation = node.Reputation.WithValid();
        var seconds = TimeSpan.FromTicks(now - a.Start).TotalSeconds;
        if (seconds > 0)
        {
            var hz = (1L << a.Task.Po2) / seconds;
            node.MeasuredHz = node.MeasuredHz > 0 ? (0.7 * node.MeasuredHz) + (0.3 * hz) : hz;
        }

        reputations.Save(node.Info.Id, node.Reputation);
        TouchHoldings(node);
        Refile(node);
    }

    /// <summary>
    /// Takes a node caught cheating out of the pool for <see cref="SchedulerOptions.Bench"/>, doubled
    /// for each earlier cheat on its record (up to <see cref="SchedulerOptions.MaxBench"/>), and
    /// revokes what it still holds: its other results are not worth waiting for.
    /// </summary>
    private void Bench(NodeState node, long now, List<SchedulerDecision>? output)
    {
        if (bench == 0)
        {
            return;
        }

        var doublings = Math.Clamp(node.Reputation.Wrong - 1, 0, 62);
        var length = (long)Math.Min(maxBench, bench * Math.Pow(2, doublings));
        Pause(node, now + length);

        if (output is null || node.Holding.Count == 0)
        {
            return;
        }

        foreach (var a in node.Holding.ToArray())
        {
            End(a);
            output.Add(new CancelTask(node.Info.Id, a.Task.Id, CancelReason.Revoked));
            Replace(a.Task, AssignReason.Reassign);
        }
    }

    /// <summary>Offers the node no work until <paramref name="until"/> (or later, when it is already benched for longer).</summary>
    private void Pause(NodeState node, long until)
    {
        if (!node.Benched || node.BenchedUntil < until)
        {
            Counted(node, -1);
            node.Benched = true;
            node.BenchedUntil = until;
            Counted(node, +1);
            Unpool(node);
            benchEnds.Enqueue(node, until);
        }
    }

    /// <summary>Adds (+1) or removes (-1) the node from the count of nodes that may be offered work; call around a change of its state.</summary>
    private void Counted(NodeState node, int sign)
    {
        if (node.Live && !node.Benched)
        {
            availableByBucket[node.Info.MaxPo2] += sign;
        }
    }

    private void Penalise(NodeState node, TaskId task, Offence offence, List<SchedulerDecision> output)
    {
        node.Reputation = node.Reputation.With(offence);
        reputations.Save(node.Info.Id, node.Reputation);
        TouchHoldings(node);
        Refile(node);
        output.Add(new PenaliseNode(node.Info.Id, task, offence, node.Reputation));
    }

    private void Complete(TaskState t, NodeId winner, bool late, List<SchedulerDecision> output)
    {
        t.Done = true;
        Touch(t);
        output.Add(new TaskCompleted(t.Id, winner, late));
        foreach (var other in t.Assignments)
        {
            if (other.State != AssignmentState.Ended)
            {
                End(other);
                output.Add(new CancelTask(other.Node.Info.Id, t.Id, CancelReason.Completed));
            }
        }

        var job = t.Job;
        if (--job.Remaining == 0)
        {
            jobs.Remove(job.Spec.Id);
            output.Add(new JobCompleted(job.Spec.Id));
        }
    }

    private void End(Assignment a)
    {
        if (a.State == AssignmentState.Ended)
        {
            return;
        }

        a.State = AssignmentState.Ended;
        Touch(a.Task);
        var node = a.Node;
        node.Holding.Remove(a);
        Refile(node);
    }

    private void Requeue(TaskState t, AssignReason reason, bool front)
    {
        if (reason != AssignReason.Offer || t.NextReason == AssignReason.Offer)
        {
            t.NextReason = reason;
        }

        if (t.Queued)
        {
            return;
        }

        t.Queued = true;
        if (front)
        {
            pending[t.Po2].AddFirst(t);
        }
        else
        {
            pending[t.Po2].AddLast(t);
        }
    }

    /// <summary>
    /// Whether the task wants another holder: fewer sound holders (active, not late) than its
    /// policy and speculation ask for, and room under the cap on holders running at once.
    /// </summary>
    private bool Needs(TaskState t)
    {
        if (t.Done)
        {
            return false;
        }

        var baseReplicas = t.Job.Spec.Policy.BaseReplicas;
        var (active, sound) = (0, 0);
        foreach (var a in t.Assignments)
        {
            if (a.State == AssignmentState.Active)
            {
                active++;
                if (!a.HedgedLate)
                {
                    sound++;
                }
            }
        }

        return sound < baseReplicas + t.Extra && active < baseReplicas + options.MaxExtraHolders;
    }

    private void Dispatch(long now, List<SchedulerDecision> output)
    {
        // Largest segments first: they fit the fewest nodes.
        for (var po2 = Buckets - 1; po2 >= 0; po2--)
        {
            var queue = pending[po2];
            var entry = queue.First;
            var skipped = 0;
            while (entry is not null)
            {
                var t = entry.Value;
                var next = entry.Next;
                if (!Needs(t))
                {
                    queue.Remove(entry);
                    t.Queued = false;
                    entry = next;
                    continue;
                }

                var node = Pick(t, now);
                if (node is not null)
                {
                    Assign(node, t, t.NextReason, now, output);
                    continue; // it may want more holders
                }

                // No free node fits at all: nothing behind it fits either. Free nodes that all
                // hold or failed this task: look a little further down the queue.
                if (!AnyFree(po2) || ++skipped > MaxSkips)
                {
                    break;
                }

                entry = next;
            }

            if (queue.Count > 0)
            {
                ReportStalls(po2, output);
            }
        }

        Speculate(now, output);
    }

    /// <summary>
    /// Idle capacity left: insure tasks whose every holder has lied or stalled before. Each pass
    /// visits the queue in order, drops the tasks that no longer qualify and gives the others to a
    /// free node that is not suspect, if <see cref="Pick"/> finds one.
    /// </summary>
    /// <remarks>
    /// When no free node is above suspicion and no free node is past its timeout, no visit can
    /// assign anything or have <see cref="Pick"/> retire a node: the pass can only drop tasks, and a
    /// task's standing changes only through the events that <see cref="Touch"/> it. Such a pass
    /// re-checks the touched tasks alone and leaves the dropped entries for the next full pass to
    /// skip, which keeps the survivors' order; the decisions are the full scan's.
    /// </remarks>
    private void Speculate(long now, List<SchedulerDecision> output)
    {
        if (speculation.Count == 0)
        {
            return;
        }

        if (!AlwaysRescanSpeculation && trustedInPool == 0 && NoneExpired(now))
        {
            QuietSpeculationPasses++;
            foreach (var t in touched)
            {
                t.Touched = false;
                if (t.Speculation is { Count: > 0 } entries && !Qualifies(t))
                {
                    foreach (var e in entries)
                    {
                        e.Dropped = true;
                    }

                    droppedQueued += entries.Count;
                    entries.Clear();
                }
            }

            touched.Clear();
            if (droppedQueued > 1024 && droppedQueued * 2 > speculation.Count)
            {
                // Mostly dropped entries (and the finished jobs they hold on to): keep the live ones, in order.
                for (var n = speculation.Count; n > 0; n--)
                {
                    var e = speculation.Dequeue();
                    if (!e.Dropped)
                    {
                        speculation.Enqueue(e);
                    }
                }

                droppedQueued = 0;
            }

            return;
        }

        foreach (var t in touched)
        {
            t.Touched = false; // every entry is looked at below
        }

        touched.Clear();
        var tries = speculation.Count;
        while (tries-- > 0 && speculation.TryDequeue(out var e))
        {
            if (e.Dropped)
            {
                droppedQueued--;
                continue;
            }

            var s = e.Task;
            if (!Qualifies(s))
            {
                Drop(e);
                continue;
            }

            var node = Pick(s, now);
            if (node is null)
            {
                speculation.Enqueue(e);
                continue;
            }

            if (node.Reputation.Score < options.SuspectScore)
            {
                speculation.Enqueue(e); // only suspects are free: no better odds, keep for later
                continue;
            }

            Drop(e);
            s.Speculated = true;
            s.Extra++;
            Assign(node, s, AssignReason.Speculate, now, output);
        }
    }

    private bool Qualifies(TaskState t) => !t.Done && !t.Speculated && AllHoldersSuspect(t);

    private void EnqueueSpeculation(TaskState t)
    {
        var e = new SpeculationEntry(t);
        speculation.Enqueue(e);
        (t.Speculation ??= []).Add(e);
        Touch(t); // a new entry is looked at by the next pass, whatever kind it is
    }

    private static void Drop(SpeculationEntry e)
    {
        e.Dropped = true;
        e.Task.Speculation?.Remove(e);
    }

    /// <summary>The task's holders, their states or their standing changed: the next speculation pass re-checks it.</summary>
    private void Touch(TaskState t)
    {
        if (!t.Touched && t.Speculation is { Count: > 0 })
        {
            t.Touched = true;
            touched.Add(t);
        }
    }

    private void TouchHoldings(NodeState node)
    {
        foreach (var a in node.Holding)
        {
            Touch(a.Task);
        }
    }

    /// <summary>Whether no pooled node is past <see cref="SchedulerOptions.NodeTimeout"/>, so <see cref="Pick"/> would retire none.</summary>
    private bool NoneExpired(long now)
    {
        var oldest = now - nodeTimeout;
        if (seenFloor >= oldest)
        {
            return true;
        }

        // The floor is stale (pooled nodes have been seen since): look at them again.
        var floor = long.MaxValue;
        foreach (var set in pool)
        {
            foreach (var n in set)
            {
                floor = Math.Min(floor, n.LastSeen);
            }
        }

        seenFloor = floor;
        return floor >= oldest;
    }

    private bool AnyFree(int po2)
    {
        for (var b = po2; b < Buckets; b++)
        {
            if (pool[b].Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an active holder is neither suspect nor already known to be late.</summary>
    private bool HasSoundHolder(TaskState t)
    {
        foreach (var a in t.Assignments)
        {
            if (a.State == AssignmentState.Active && !a.HedgedLate && a.Node.Reputation.Score >= options.SuspectScore)
            {
                return true;
            }
        }

        return false;
    }

    private bool AllHoldersSuspect(TaskState t)
    {
        var any = false;
        foreach (var a in t.Assignments)
        {
            if (a.State == AssignmentState.Active)
            {
                any = true;
                if (a.Node.Reputation.Score >= options.SuspectScore)
                {
                    return false;
                }
            }
        }

        return any;
    }

    private void Assign(NodeState node, TaskState t, AssignReason reason, long now, List<SchedulerDecision> output)
    {
        var rows = 1L << t.Po2;
        var expected = node.Info.ProvingHz > 0
            ? (long)Math.Min(TimeSpan.MaxValue.Ticks / 4.0, rows / node.Info.ProvingHz * TimeSpan.TicksPerSecond)
            : options.DefaultExpected.Ticks;
        var attempt = t.Assignments.Count + 1;
        var a = new Assignment(node, t, now, Math.Max(1, expected), attempt);
        t.Assignments.Add(a);
        Touch(t);
        node.Holding.Add(a);
        Refile(node);
        deadlines.Enqueue(a, DueOf(a));
        output.Add(new AssignTask(node.Info.Id, t.Id, t.Po2, reason, TimeSpan.FromTicks(a.Expected), attempt));
        if (reason != AssignReason.Speculate && t.Job.Spec.Policy is AdaptivePolicy && node.Reputation.Score < options.SuspectScore)
        {
            EnqueueSpeculation(t);
        }

        if (reason != AssignReason.Offer && !Needs(t))
        {
            t.NextReason = AssignReason.Offer;
        }
    }

    /// <summary>The best free live node that can hold the task and has not held or failed it.</summary>
    private NodeState? Pick(TaskState t, long now)
    {
        NodeState? best = null;
        for (var b = t.Po2; b < Buckets; b++)
        {
            var set = pool[b];
            if (set.Count == 0)
            {
                continue;
            }

            NodeState? found = null;
            List<NodeState>? expired = null;
            foreach (var n in set)
            {
                if (n.LastSeen + nodeTimeout < now)
                {
                    (expired ??= []).Add(n);
                    continue;
                }

                if (Eligible(n, t))
                {
                    found = n;
                    break;
                }
            }

            if (expired is not null)
            {
                foreach (var n in expired)
                {
                    MarkDead(n);
                }
            }

            if (found is not null && (best is null || Better(found, best)))
            {
                best = found;
            }
        }

        return best;
    }

    private static bool Eligible(NodeState n, TaskState t)
    {
        foreach (var a in t.Assignments)
        {
            if (a.Node == n && a.State != AssignmentState.Ended)
            {
                return false;
            }
        }

        return !t.Excluded.Contains(n.Info.Id);
    }

    /// <summary>Across buckets: better standing first, then the smallest node that fits (keep big ones for big segments), then speed.</summary>
    private static bool Better(NodeState a, NodeState b)
    {
        if (a.KeyBand != b.KeyBand)
        {
            return a.KeyBand > b.KeyBand;
        }

        if (a.KeyBucket != b.KeyBucket)
        {
            return a.KeyBucket < b.KeyBucket;
        }

        if (a.KeySpeed != b.KeySpeed)
        {
            return a.KeySpeed > b.KeySpeed;
        }

        return a.Info.Id.CompareTo(b.Info.Id) < 0;
    }

    private void ReportStalls(int po2, List<SchedulerDecision> output)
    {
        var available = 0;
        for (var b = po2; b < Buckets; b++)
        {
            available += availableByBucket[b];
        }

        foreach (var t in pending[po2])
        {
            // Waiting for busy nodes is not a stall; having no node that could take it now (none
            // holds its po2, all that do failed it or are benched) is.
            var stalled = available == 0 || ExcludedAvailable(t) >= available;
            if (stalled && !t.StallReported && !t.Done)
            {
                t.StallReported = true;
                stallsReported[po2]++;
                output.Add(new TaskStalled(t.Id, t.Po2));
            }

            if (!stalled)
            {
                break;
            }
        }
    }

    /// <summary>Nodes excluded from the task that are live, not benched, and hold its po2.</summary>
    private int ExcludedAvailable(TaskState t)
    {
        var count = 0;
        foreach (var id in t.Excluded)
        {
            if (nodes.TryGetValue(id, out var n) && n.Live && !n.Benched && n.Info.MaxPo2 >= t.Po2)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A node that takes up to <paramref name="maxPo2"/> is back: stalls may be told again. Costs nothing when none were told.</summary>
    private void ClearStalls(int maxPo2)
    {
        for (var b = 0; b <= maxPo2; b++)
        {
            if (stallsReported[b] == 0)
            {
                continue;
            }

            stallsReported[b] = 0;
            foreach (var t in pending[b])
            {
                t.StallReported = false;
            }
        }
    }

    private void MarkDead(NodeState node)
    {
        if (!node.Live)
        {
            return;
        }

        Counted(node, -1);
        node.Live = false;
        Unpool(node);
    }

    private void Unpool(NodeState node)
    {
        if (node.InPool)
        {
            pool[node.KeyBucket].Remove(node);
            node.InPool = false;
            if (node.KeyTrusted)
            {
                trustedInPool--;
            }
        }
    }

    /// <summary>Puts the node in the pool under its current key if it is live, not benched and has a free worker.</summary>
    private void Repool(NodeState node)
    {
        if (node.InPool || !node.Live || node.Benched || node.Busy >= node.Info.Workers)
        {
            return;
        }

        node.KeyBand = (int)(node.Reputation.Score * 20);
        node.KeySpeed = node.MeasuredHz;
        node.KeyBucket = node.Info.MaxPo2;
        node.KeyTrusted = node.Reputation.Score >= options.SuspectScore;
        pool[node.KeyBucket].Add(node);
        node.InPool = true;
        trustedInPool += node.KeyTrusted ? 1 : 0;
        seenFloor = Math.Min(seenFloor, node.LastSeen);
    }

    private void Refile(NodeState node)
    {
        Unpool(node);
        Repool(node);
    }

    /// <summary>Within one po2: better standing, then faster, then by id.</summary>
    private sealed class PoolOrder : IComparer<NodeState>
    {
        public int Compare(NodeState? x, NodeState? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var c = y.KeyBand.CompareTo(x.KeyBand);
            if (c != 0)
            {
                return c;
            }

            c = y.KeySpeed.CompareTo(x.KeySpeed);
            return c != 0 ? c : x.Info.Id.CompareTo(y.Info.Id);
        }
    }
}
