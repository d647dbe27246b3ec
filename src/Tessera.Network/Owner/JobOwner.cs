using System.Security.Cryptography;
using System.Threading.Channels;

using Microsoft.Extensions.Logging;

using Tessera.Network.Protocol;
using Tessera.Network.Scheduling;
using Tessera.Network.Store;
using Tessera.Network.Transport;
using Tessera.Network.Work;

namespace Tessera.Network.Owner;

/// <summary>A segment to prove: its size, the payload a node proves, and the claim its result must prove.</summary>
/// <param name="Po2">log2 of its cycles.</param>
/// <param name="Payload">What the node gets (a serialized segment record).</param>
/// <param name="Claim">What the owner's own execution says the segment proves.</param>
public sealed record SegmentSpec(int Po2, ReadOnlyMemory<byte> Payload, byte[] Claim);

/// <summary>A job: its id (stable across an owner's restarts), its policy, its segments in order.</summary>
/// <param name="Id">The job.</param>
/// <param name="Policy">How much to replicate.</param>
/// <param name="Segments">Its segments.</param>
public sealed record SegmentJob(JobId Id, SchedulingPolicy Policy, IReadOnlyList<SegmentSpec> Segments);

/// <summary>Where a job stands, for a progress display.</summary>
/// <param name="Verified">Segments with a verified result.</param>
/// <param name="Total">Segments in the job.</param>
/// <param name="InFlight">Assignments out now (a hedged segment counts once per holder).</param>
/// <param name="Nodes">Nodes heard from.</param>
/// <param name="Penalties">Penalties handed out so far.</param>
/// <param name="Rejected">Results that failed verification (invalid, foreign or replayed).</param>
/// <param name="PerNode">Every node given work in this run, most segments first.</param>
public readonly record struct JobProgress(int Verified, int Total, int InFlight, int Nodes, int Penalties, int Rejected, IReadOnlyList<NodeProgress> PerNode);

/// <summary>One node's share of a job so far.</summary>
/// <param name="Node">The node.</param>
/// <param name="Assigned">Tasks given to it.</param>
/// <param name="Verified">Segments its valid results completed.</param>
/// <param name="Offences">Penalties it earned.</param>
/// <param name="Working">Time since its first task in this run.</param>
public readonly record struct NodeProgress(NodeId Node, int Assigned, int Verified, int Offences, TimeSpan Working)
{
    /// <summary>Segments it completed per minute since its first task.</summary>
    public double SegmentsPerMinute => Working > TimeSpan.Zero ? Verified / Working.TotalMinutes : 0;
}

/// <summary>A finished job: one verified result per segment, in order, and what happened.</summary>
/// <param name="Id">The job.</param>
/// <param name="Results">Verified results by segment index.</param>
/// <param name="Report">Events and who caused them.</param>
public sealed record JobOutcome(JobId Id, IReadOnlyList<VerifiedResult> Results, JobReport Report);

/// <summary>
/// The job owner: offers its job's segments to the nodes it hears from, verifies every result
/// against the claim it expects before counting it, and lets the scheduler decide everything
/// else. Job state lives in the <see cref="JobStore"/>, so a killed owner run again with the same
/// job resumes without re-proving a verified segment. One event loop owns the scheduler.
/// </summary>
public sealed partial class JobOwner
{
    private static readonly TimeSpan TickEvery = TimeSpan.FromMilliseconds(100);

    private readonly Peer peer;
    private readonly ISegmentVerifier verifier;
    private readonly JobStore store;
    private readonly TimeProvider clock;
    private readonly ILogger logger;
    private readonly SchedulerOptions? schedulerOptions;
    private readonly Dictionary<NodeId, (byte[] Key, NodeInfo Info)> nodes = [];

    /// <summary>Creates an owner speaking through <paramref name="peer"/> and keeping state in <paramref name="store"/>.</summary>
    public JobOwner(Peer peer, ISegmentVerifier verifier, JobStore store, TimeProvider clock, ILogger logger, SchedulerOptions? schedulerOptions = null)
    {
        this.peer = peer;
        this.verifier = verifier;
        this.store = store;
        this.clock = clock;
        this.logger = logger;
        this.schedulerOptions = schedulerOptions;
    }

    /// <summary>The owner's id (nodes address it by this).</summary>
    public NodeId Id => peer.Key.Id;

    /// <summary>The public key a node signed its messages with, once heard from; null otherwise.</summary>
    public byte[]? PublicKeyOf(NodeId node)
    {
        lock (nodes)
        {
            return nodes.TryGetValue(node, out var n) ? n.Key : null;
        }
    }

    /// <summary>Proves the job (or the rest of it, when the store already holds part).</summary>
    public async Task<JobOutcome> RunAsync(SegmentJob job, IProgress<JobProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var started = clock.GetUtcNow();
        var stored = store.LoadJob(job.Id);
        if (stored is null)
        {
            store.CreateJob(job.Id, job.Policy, job.Segments.Select(s => new StoredSegment(s.Po2, s.Claim)).ToArray(), started);
            stored = store.LoadJob(job.Id)!;
        }
        else if (stored.Segments.Count != job.Segments.Count
            || stored.Segments.Zip(job.Segments).Any(p => !p.First.Claim.AsSpan().SequenceEqual(p.Second.Claim)))
        {
            throw new InvalidOperationException($"job {job.Id} in the store has other segments than the job given");
        }

        var run = new Run(this, job, started, progress);
        foreach (var i in stored.Verified.Keys)
        {
            run.Report.Add(new JobEvent(TimeSpan.Zero, "resumed", stored.Verified[i].Prover, new TaskId(job.Id, i), "verified before a restart"));
        }

        if (stored.Verified.Count < job.Segments.Count)
        {
            await run.ExecuteAsync(stored.Verified.Keys.ToHashSet(), cancellation).ConfigureAwait(false);
        }

        store.CompleteJob(job.Id, clock.GetUtcNow());
        var done = store.LoadJob(job.Id)!;
        var results = Enumerable.Range(0, job.Segments.Count).Select(i => done.Verified[i]).ToArray();
        return new JobOutcome(job.Id, results, run.Report);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{What} {Node} {Task}: {Detail}")]
    private static partial void LogEvent(ILogger logger, string what, NodeId? node, TaskId? task, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not send a {Kind} to {Node} ({Reason}); the scheduler will notice the silence")]
    private static partial void LogSendFailed(ILogger logger, MessageKind kind, NodeId node, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "an event handler failed; the owner carries on")]
    private static partial void LogHandlerFailed(ILogger logger, Exception e);

    /// <summary>One job's event loop and bookkeeping.</summary>
    private sealed class Run(JobOwner owner, SegmentJob job, DateTimeOffset started, IProgress<JobProgress>? progress)
    {
        private readonly SegmentScheduler scheduler = new(owner.clock, owner.store, owner.schedulerOptions);
        private readonly Channel<SignedMessage?> events = Channel.CreateBounded<SignedMessage?>(
            new BoundedChannelOptions(16384) { FullMode = BoundedChannelFullMode.DropWrite });

        private readonly Dictionary<(TaskId Task, NodeId Node), ulong> nonces = [];
        private readonly Dictionary<(TaskId Task, NodeId Node), string> reasons = [];
        private readonly Dictionary<NodeId, Tally> tallies = [];
        private int verified;
        private int penalties;
        private int rejected;
        private bool complete;

        public JobReport Report { get; } = new();

        public async Task ExecuteAsync(HashSet<int> already, CancellationToken cancellation)
        {
            verified = already.Count;
            await using var adverts = await owner.peer.Transport.SubscribeAsync(Subjects.Adverts, cancellation).ConfigureAwait(false);
            await using var inbox = await owner.peer.Transport.SubscribeAsync(Subjects.Inbox(owner.Id), cancellation).ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var pumps = Task.WhenAll(Pump(adverts, stop.Token), Pump(inbox, stop.Token), Tick(stop.Token));
            try
            {
                var spec = new JobSpec(job.Id, job.Segments.Select(s => s.Po2).ToArray(), job.Policy, already);
                await ApplyAsync(scheduler.OnJobSubmitted(spec), cancellation).ConfigureAwait(false);
                while (!complete && await events.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false))
                {
                    while (!complete && events.Reader.TryRead(out var m))
                    {
                        try
                        {
                            var decisions = m is null ? scheduler.OnTick() : Handle(m);
                            await ApplyAsync(decisions, cancellation).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            LogHandlerFailed(owner.logger, e);
                        }
                    }

                    Publish();
                }
            }
            finally
            {
                NetworkMetrics.Untrack(job.Id);
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await pumps.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        /// <summary>Tells the progress display and the metrics where the job stands.</summary>
        private void Publish()
        {
            var inFlight = scheduler.InFlightOf(job.Id);
            int nodesHeard;
            lock (owner.nodes)
            {
                nodesHeard = owner.nodes.Count;
            }

            NetworkMetrics.Track(job.Id, verified, inFlight, job.Segments.Count);
            if (progress is null)
            {
                return;
            }

            var now = owner.clock.GetUtcNow() - started;
            var perNode = tallies.Select(kv => new NodeProgress(kv.Key, kv.Value.Assigned, kv.Value.Verified, kv.Value.Offences, now - kv.Value.First))
                .OrderByDescending(n => n.Verified).ThenBy(n => n.Offences).ToArray();
            progress.Report(new JobProgress(verified, job.Segments.Count, inFlight, nodesHeard, penalties, rejected, perNode));
        }

        private async Task Pump(ISubscription sub, CancellationToken cancellation)
        {
            await foreach (var bytes in sub.Messages.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                if (owner.peer.Accept(bytes) is { } m)
                {
                    events.Writer.TryWrite(m);
                }
            }
        }

        private async Task Tick(CancellationToken cancellation)
        {
            using var timer = new PeriodicTimer(TickEvery, owner.clock);
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                events.Writer.TryWrite(null);
            }
        }

        private IReadOnlyList<SchedulerDecision> Handle(SignedMessage m)
        {
            var from = m.Sender;
            switch (m.Body)
            {
                case Advert a:
                    var info = new NodeInfo(from, a.MaxPo2, a.Workers, a.ProvingHz);
                    bool known;
                    lock (owner.nodes)
                    {
                        known = owner.nodes.TryGetValue(from, out var n) && n.Info == info;
                        owner.nodes[from] = (m.SenderKey, info);
                    }

                    return known ? scheduler.OnHeartbeat(from) : scheduler.OnNodeJoined(info);
                case Claim c when Current(c.Task, from, c.Nonce):
                    return scheduler.OnHeartbeat(from, c.Task, 0);
                case Decline d when Current(d.Task, from, d.Nonce):
                    Event("declined", from, d.Task, d.Reason);
                    return scheduler.OnDeclined(from, d.Task, d.Busy);
                case Heartbeat h:
                    var output = new List<SchedulerDecision>(scheduler.OnHeartbeat(from));
                    foreach (var t in h.Tasks)
                    {
                        if (Current(t.Task, from, t.Nonce))
                        {
                            output.AddRange(scheduler.OnHeartbeat(from, t.Task, t.Progress));
                        }
                    }

                    return output;
                case Result r:
                    return OnResult(from, r);
                default:
                    return [];
            }
        }

        private bool Current(TaskId task, NodeId node, ulong nonce) =>
            task.Job == job.Id && nonces.TryGetValue((task, node), out var n) && n == nonce;

        private IReadOnlyList<SchedulerDecision> OnResult(NodeId from, Result r)
        {
            var task = r.Task;
            if (task.Job != job.Id || task.Segment >= job.Segments.Count)
            {
                return [];
            }

            Verification v;
            ulong nonce = 0;
            if (nonces.TryGetValue((task, from), out var issued))
            {
                nonce = issued;
            }
            else if (owner.store.AssigneeOf(task, r.Nonce) == from)
            {
                nonce = r.Nonce; // assigned before this owner restarted
            }

            if (nonce == 0 && !nonces.ContainsKey((task, from)))
            {
                v = Verification.Foreign("a result for a task never given to this node");
            }
            else
            {
                var binding = new WorkBinding(task, nonce, from);
                var t0 = owner.clock.GetTimestamp();
                try
                {
                    v = owner.verifier.Verify(binding, job.Segments[task.Segment].Claim, r.Payload.Span);
                    NetworkMetrics.VerifySeconds.Record(owner.clock.GetElapsedTime(t0).TotalSeconds);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    v = Verification.Invalid($"verifier threw {e.GetType().Name}");
                }

                if (v.IsValid && owner.store.RecordVerified(task, new VerifiedResult(from, nonce, r.Payload.ToArray()), owner.clock.GetUtcNow()))
                {
                    verified++;
                    NetworkMetrics.Verified.Add(1);
                }
            }

            if (!v.IsValid)
            {
                rejected++;
                reasons[(task, from)] = v.Reason ?? v.Verdict.ToString();
            }

            return scheduler.OnResult(from, task, v.Verdict);
        }

        private async Task ApplyAsync(IReadOnlyList<SchedulerDecision> decisions, CancellationToken cancellation)
        {
            foreach (var d in decisions)
            {
                switch (d)
                {
                    case AssignTask a:
                        var nonce = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) | 1;
                        nonces[(a.Task, a.Node)] = nonce;
                        TallyOf(a.Node).Assigned++;
                        owner.store.RecordAssignment(a.Task, a.Node, nonce, owner.clock.GetUtcNow());
                        NetworkMetrics.Assigned.Add(1, new KeyValuePair<string, object?>("reason", a.Reason.ToString()));
                        Event(a.Reason == AssignReason.Offer ? "assigned" : a.Reason.ToString().ToLowerInvariant(), a.Node, a.Task, $"attempt {a.Attempt}, expected {a.Expected.TotalSeconds:F1}s");
                        await SendAsync(new Offer(a.Task, nonce, a.Po2, job.Segments[a.Task.Segment].Payload), a.Node, cancellation).ConfigureAwait(false);
                        break;
                    case CancelTask c:
                        if (nonces.TryGetValue((c.Task, c.Node), out var cn))
                        {
                            await SendAsync(new Cancel(c.Task, cn, c.Reason), c.Node, cancellation).ConfigureAwait(false);
                        }

                        break;
                    case PenaliseNode p:
                        penalties++;
                        TallyOf(p.Node).Offences++;
                        NetworkMetrics.Penalties.Add(1, new KeyValuePair<string, object?>("offence", p.Offence.ToString()));
                        reasons.TryGetValue((p.Task, p.Node), out var why);
                        Event("penalised", p.Node, p.Task, $"{p.Offence}: {why ?? "-"} (score now {p.Reputation.Score:F2})");
                        break;
                    case TaskCompleted t:
                        TallyOf(t.Winner).Verified++;
                        Event("completed", t.Winner, t.Task, t.Late ? "by a late holder" : "verified");
                        break;
                    case TaskStalled s:
                        Event("stalled", null, s.Task, $"no live node takes po2 {s.Po2}");
                        break;
                    case NodeDropped n:
                        Event("dropped", n.Node, null, n.Left ? "left" : "went silent");
                        break;
                    case JobCompleted:
                        complete = true;
                        Event("done", null, null, $"{job.Segments.Count} segments verified");
                        break;
                }
            }
        }

        /// <summary>
        /// Sends, or logs why not: a lost offer is a silent holder the scheduler re-assigns, a lost
        /// cancel a node that proves for nothing — but a send that throws must not drop the rest of
        /// the decisions (a job's completion among them).
        /// </summary>
        private async Task SendAsync(Message body, NodeId to, CancellationToken cancellation)
        {
            try
            {
                await owner.peer.SendAsync(body, to, cancellation: cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSendFailed(owner.logger, body.Kind, to, e.Message);
            }
        }

        private void Event(string what, NodeId? node, TaskId? task, string detail)
        {
            Report.Add(new JobEvent(owner.clock.GetUtcNow() - started, what, node, task, detail));
            LogEvent(owner.logger, what, node, task, detail);
        }

        private Tally TallyOf(NodeId node)
        {
            if (!tallies.TryGetValue(node, out var tally))
            {
                tallies[node] = tally = new Tally { First = owner.clock.GetUtcNow() - started };
            }

            return tally;
        }

        private sealed class Tally
        {
            public TimeSpan First { get; init; }

            public int Assigned { get; set; }

            public int Verified { get; set; }

            public int Offences { get; set; }
        }
    }
}
