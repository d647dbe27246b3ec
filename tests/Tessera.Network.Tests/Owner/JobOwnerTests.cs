using Tessera.Network.Identity;
using Tessera.Network.Owner;
using Tessera.Network.Protocol;
using Tessera.Network.Scheduling;
using Tessera.Network.Store;
using Tessera.Network.Tests.Transport;
using Tessera.Network.Tests.Work;
using Tessera.Network.Transport;

using Xunit.Abstractions;

namespace Tessera.Network.Tests.Owner;

/// <summary>The owner and nodes end to end over the in-process transport, on the real clock.</summary>
[Collection(NetworkCollection.Name)]
public sealed class JobOwnerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly InProcessTransport transport = new();
    private readonly JobStore store = JobStore.Open(":memory:");
    private Cluster cluster = null!;

    public Task InitializeAsync()
    {
        cluster = new Cluster(_ => Task.FromResult<ITransport>(transport), new TestLogger(output));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        store.Dispose();
    }

    [Fact]
    public async Task ThreeNodesProveAMultiSegmentJob()
    {
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddNodeAsync();
        }

        var job = Cluster.Job(6);
        var outcome = await cluster.RunAsync(job, store);
        output.WriteLine(outcome.Report.ToString());
        Assert.Equal(6, outcome.Results.Count);
        Assert.All(outcome.Report.Offences.Values, o => Assert.All(o, x => Assert.Equal(Offence.Late, x)));
        Assert.True(outcome.Report.Completions.Count >= 2);
    }

    [Fact]
    public async Task ProgressSaysWhatIsVerifiedInFlightAndRejectedAndEachNodesShare()
    {
        var honest = await cluster.AddNodeAsync();
        var liar = await cluster.AddNodeAsync(Misbehaviour.Garbage);
        var seen = new List<JobProgress>();
        var outcome = await cluster.RunAsync(Cluster.Job(6), store, new Inline(seen.Add));
        output.WriteLine(outcome.Report.ToString());

        var last = seen[^1];
        Assert.Equal((6, 6, 0), (last.Verified, last.Total, last.InFlight));
        Assert.Contains(seen, p => p.InFlight > 0);
        Assert.All(seen, p => Assert.InRange(p.Verified, 0, p.Total));
        Assert.Equal(outcome.Report.Offences.Values.Sum(o => o.Count), last.Penalties);
        Assert.Equal(outcome.Report.Offences.GetValueOrDefault(liar.Id)?.Count(o => o == Offence.Invalid) ?? 0, last.Rejected);

        // Each node's share: what the report's completions and offences say, and never more verified than assigned.
        Assert.Equal(6, last.PerNode.Sum(n => n.Verified));
        foreach (var n in last.PerNode)
        {
            Assert.Equal(outcome.Report.Completions.GetValueOrDefault(n.Node), n.Verified);
            Assert.Equal(outcome.Report.Offences.GetValueOrDefault(n.Node)?.Count ?? 0, n.Offences);
            Assert.InRange(n.Verified, 0, n.Assigned);
        }

        Assert.True(last.PerNode.Single(n => n.Node == honest.Id).SegmentsPerMinute > 0);
        if (last.PerNode.Any(n => n.Node == liar.Id))
        {
            Assert.Equal(0, last.PerNode.Single(n => n.Node == liar.Id).Verified);
        }
    }

    [Fact]
    public async Task SendsThatFailDoNotLoseTheJobsCompletion()
    {
        // Every cancel the owner sends throws. With two holders per task, the last result comes
        // with a cancel for the other holder before the job's completion in one batch of decisions.
        var owner = new FailingSends(transport, (_, bytes) => MessageCodec.Decode(bytes.Span).Body is Cancel);
        await using var failing = new Cluster(name => Task.FromResult<ITransport>(name == "owner" ? owner : transport), new TestLogger(output));
        for (var i = 0; i < 3; i++)
        {
            await failing.AddNodeAsync();
        }

        var outcome = await failing.RunAsync(Cluster.Job(4, SchedulingPolicy.Replicate(2)), store);
        output.WriteLine(outcome.Report.ToString());
        Assert.Equal(4, outcome.Results.Count);
        Assert.True(owner.Failed > 0, "no cancel was sent");
    }

    [Fact]
    public async Task ANodeIsFreeForItsNextTaskTheMomentItsResultArrives()
    {
        // One node of one worker: the owner offers it the next segment as soon as a result comes
        // in. Were the worker still counted busy then, the node would decline, and the scheduler
        // would never offer it that segment again: with no other node, the job would stall.
        // Its sends return a while after delivery, so the offer is there before the send is done.
        await using var lagging = new Cluster(name => Task.FromResult<ITransport>(name == "node" ? new ReturnsLate(transport) : transport), new TestLogger(output));
        var node = await lagging.AddNodeAsync();
        var outcome = await lagging.RunAsync(Cluster.Job(4), store);
        output.WriteLine(outcome.Report.ToString());
        Assert.DoesNotContain(outcome.Report.Events, e => e.What == "declined");
        Assert.All(outcome.Results, r => Assert.Equal(node.Id, r.Prover));
    }

    [Theory]
    [InlineData(Misbehaviour.Garbage, Offence.Invalid)]
    [InlineData(Misbehaviour.OtherSegment, Offence.Foreign)]
    [InlineData(Misbehaviour.OldNonce, Offence.Replayed)]
    [InlineData(Misbehaviour.NeverAnswers, Offence.Late)]
    [InlineData(Misbehaviour.TenTimesSlower, Offence.Late)]
    public async Task ABadNodeIsNamedInTheReportAndTheJobFinishes(Misbehaviour how, Offence expected)
    {
        var bad = await cluster.AddNodeAsync(how);
        await cluster.AddNodeAsync();
        await cluster.AddNodeAsync();
        var outcome = await cluster.RunAsync(Cluster.Job(6), store);
        output.WriteLine(outcome.Report.ToString());
        Assert.Equal(6, outcome.Results.Count);
        // Honest nodes may run late on a loaded test machine; they never return a wrong result.
        Assert.All(
            outcome.Report.Offences.Where(kv => kv.Key != bad.Id),
            kv => Assert.All(kv.Value, o => Assert.Equal(Offence.Late, o)));
        if (outcome.Report.Offences.TryGetValue(bad.Id, out var offences))
        {
            Assert.Contains(expected, offences);
        }
        else
        {
            // The bad node may have been too slow to win any task before the others finished.
            Assert.Equal(Misbehaviour.TenTimesSlower, how);
        }

        if (how != Misbehaviour.TenTimesSlower)
        {
            Assert.All(outcome.Results, r => Assert.NotEqual(bad.Id, r.Prover));
        }
    }

    [Fact]
    public async Task FourOfFiveNodesAdversarialStillFinishWithHonestResultsOnly()
    {
        Misbehaviour[] bad = [Misbehaviour.Garbage, Misbehaviour.OtherSegment, Misbehaviour.OldNonce, Misbehaviour.NeverAnswers];
        for (var i = 0; i < 16; i++)
        {
            await cluster.AddNodeAsync(bad[i % bad.Length]);
        }

        for (var i = 0; i < 4; i++)
        {
            await cluster.AddNodeAsync();
        }

        var outcome = await cluster.RunAsync(Cluster.Job(8), store);
        Assert.Equal(8, outcome.Results.Count);
        Assert.All(outcome.Results, r => Assert.Equal(Misbehaviour.None, cluster.Kinds[r.Prover]));
        foreach (var (node, offences) in outcome.Report.Offences)
        {
            output.WriteLine($"{node} ({cluster.Kinds[node]}): {string.Join(", ", offences)}");
        }
    }

    [Fact]
    public async Task ANodeKilledMidProofIsSilentAndItsTaskMoves()
    {
        var victim = await cluster.AddNodeAsync(Misbehaviour.TenTimesSlower);
        await cluster.AddNodeAsync();
        var job = Cluster.Job(3);
        var run = cluster.RunAsync(job, store);
        await Task.Delay(400);
        await cluster.StopNodeAsync(victim); // no goodbye: its heartbeats just stop
        var outcome = await run;
        output.WriteLine(outcome.Report.ToString());
        Assert.Equal(3, outcome.Results.Count);
        Assert.All(outcome.Results, r => Assert.NotEqual(victim.Id, r.Prover));
    }

    [Fact]
    public async Task AKilledOwnerResumesFromItsStoreWithoutReproving()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-owner-{Guid.NewGuid():N}.db");
        try
        {
            await cluster.AddNodeAsync();
            var job = Cluster.Job(8);
            using (var first = JobStore.Open(path))
            using (var kill = new CancellationTokenSource())
            {
                var progress = new Inline(p =>
                {
                    if (p.Verified >= 3)
                    {
                        kill.Cancel();
                    }
                });
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.RunAsync(job, first, progress, kill.Token));
            }

            await cluster.AddNodeAsync();
            using var second = JobStore.Open(path);
            var before = second.LoadJob(job.Id)!.Verified;
            Assert.InRange(before.Count, 3, 7);
            var outcome = await cluster.RunAsync(job, second);
            output.WriteLine(outcome.Report.ToString());
            Assert.Equal(8, outcome.Results.Count);
            var assignedAgain = outcome.Report.Events.Where(e => e.What != "resumed" && e.Task is { } t && before.ContainsKey(t.Segment) && e.What == "assigned");
            Assert.Empty(assignedAgain);
            foreach (var (i, r) in before)
            {
                Assert.Equal(r.Result, outcome.Results[i].Result);
            }
        }
        finally
        {
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    [Fact]
    public async Task HostileMessagesNeverStopANode()
    {
        var target = await cluster.AddNodeAsync();
        var rng = new Random(5);
        var stranger = NodeKey.Generate();
        var inbox = Subjects.Inbox(target.Id);
        for (var i = 0; i < 200; i++)
        {
            var noise = new byte[rng.Next(0, 400)];
            rng.NextBytes(noise);
            await transport.PublishAsync(inbox, noise);
        }

        // Well-formed but hostile: offers too large, cancels of tasks it never had, replays.
        var offer = MessageCodec.Encode(new Offer(new TaskId(JobId.New(), 0), 1, 30, new byte[10]), stranger, target.Id, 1, DateTimeOffset.UtcNow);
        await transport.PublishAsync(inbox, offer);
        await transport.PublishAsync(inbox, offer);
        await transport.PublishAsync(inbox, MessageCodec.Encode(new Cancel(new TaskId(JobId.New(), 0), 1, CancelReason.Completed), stranger, target.Id, 2, DateTimeOffset.UtcNow));
        await transport.PublishAsync(inbox, MessageCodec.Encode(new Claim(new TaskId(JobId.New(), 0), 1), stranger, NodeId.Synthetic(1), 3, DateTimeOffset.UtcNow));

        var outcome = await cluster.RunAsync(Cluster.Job(2), store);
        Assert.All(outcome.Results, r => Assert.Equal(target.Id, r.Prover));
    }

    /// <summary>Delivers at once, but returns from a send to an inbox only a while later.</summary>
    private sealed class ReturnsLate(ITransport inner) : ITransport
    {
        public int MaxMessageBytes => inner.MaxMessageBytes;

        public async ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> message, CancellationToken cancellation = default)
        {
            await inner.PublishAsync(subject, message, cancellation);
            if (subject != Subjects.Adverts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None);
            }
        }

        public ValueTask<ISubscription> SubscribeAsync(string subject, CancellationToken cancellation = default) => inner.SubscribeAsync(subject, cancellation);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the shared transport is the test's
    }

    private sealed class Inline(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
