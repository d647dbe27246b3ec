using Tessera.Network.Scheduling;

namespace Tessera.Network.Tests.Scheduling;

/// <summary>The scheduler's rules one event at a time.</summary>
public sealed class SchedulerTests
{
    private readonly ManualClock clock = new();
    private readonly InMemoryReputationStore store = new();

    private SegmentScheduler New(SchedulerOptions? options = null) => new(clock, store, options);

    private static NodeInfo Node(long n, int maxPo2 = 20, int workers = 1) => new(NodeId.Synthetic(n), maxPo2, workers, 1 << 14);

    [Fact]
    public void SegmentsGoOnlyToNodesThatHoldTheirPo2()
    {
        var s = New();
        s.OnNodeJoined(Node(1, maxPo2: 16));
        s.OnNodeJoined(Node(2, maxPo2: 20));
        var job = JobId.New();
        var d = s.OnJobSubmitted(new JobSpec(job, [20, 16], SchedulingPolicy.Adaptive));
        var assigns = d.OfType<AssignTask>().ToDictionary(a => a.Task.Segment, a => a.Node);
        Assert.Equal(NodeId.Synthetic(2), assigns[0]);
        Assert.Equal(NodeId.Synthetic(1), assigns[1]);
    }

    [Fact]
    public void ASegmentNoNodeCanHoldIsReportedOnceAndOfferedWhenOneJoins()
    {
        var s = New();
        s.OnNodeJoined(Node(1, maxPo2: 16));
        var d = s.OnJobSubmitted(new JobSpec(JobId.New(), [20], SchedulingPolicy.Adaptive));
        Assert.Single(d.OfType<TaskStalled>());
        Assert.Empty(s.OnHeartbeat(NodeId.Synthetic(1)));
        var joined = s.OnNodeJoined(Node(2, maxPo2: 21));
        Assert.Equal(NodeId.Synthetic(2), Assert.Single(joined.OfType<AssignTask>()).Node);
    }

    [Fact]
    public void VerifiedSegmentsOfAResumedJobAreNeverOffered()
    {
        var s = New();
        s.OnNodeJoined(Node(1, workers: 4));
        var job = JobId.New();
        var d = s.OnJobSubmitted(new JobSpec(job, [16, 16, 16, 16], SchedulingPolicy.Adaptive, new HashSet<int> { 0, 2 }));
        Assert.Equal([1, 3], d.OfType<AssignTask>().Select(a => a.Task.Segment).Order());
        Assert.Equal((2, 4), s.ProgressOf(job));

        var all = s.OnJobSubmitted(new JobSpec(JobId.New(), [16], SchedulingPolicy.Adaptive, new HashSet<int> { 0 }));
        Assert.IsType<JobCompleted>(Assert.Single(all));
    }

    [Fact]
    public void AWrongResultExcludesTheNodeFromThatTask()
    {
        var s = New();
        s.OnNodeJoined(Node(1));
        var job = JobId.New();
        var a = Assert.Single(s.OnJobSubmitted(new JobSpec(job, [16], SchedulingPolicy.Adaptive)).OfType<AssignTask>());
        var d = s.OnResult(a.Node, a.Task, ResultVerdict.Invalid);
        Assert.Contains(d, x => x is PenaliseNode { Offence: Offence.Invalid });
        Assert.Contains(d, x => x is TaskStalled); // the only node lied: nobody left to take it
        var joined = s.OnNodeJoined(Node(2));
        var again = Assert.Single(joined.OfType<AssignTask>());
        Assert.Equal(NodeId.Synthetic(2), again.Node);
        Assert.Equal(AssignReason.Reassign, again.Reason);
        Assert.Equal(2, again.Attempt);
    }

    [Fact]
    public void ANodeThatIsOnlyBusyIsAskedAgainAfterAPauseAndTheJobNeverStalls()
    {
        // Both nodes are still proving another owner's tasks: each declines as busy. Excluding them
        // would stall every task for good; instead they are paused, unpenalised, and asked again.
        var s = New(new SchedulerOptions { BusyPause = TimeSpan.FromSeconds(3) });
        s.OnNodeJoined(Node(1));
        s.OnNodeJoined(Node(2));
        var job = JobId.New();
        var first = s.OnJobSubmitted(new JobSpec(job, [16, 16], SchedulingPolicy.Adaptive)).OfType<AssignTask>().ToList();
        Assert.Equal(2, first.Count);
        var declined = first.SelectMany(a => s.OnDeclined(a.Node, a.Task, busy: true)).ToList();
        Assert.DoesNotContain(declined, d => d is AssignTask or PenaliseNode);
        Assert.All(first, a => Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(3), s.BenchedUntil(a.Node)));
        Assert.Equal(s.ReputationOf(NodeId.Synthetic(99)), s.ReputationOf(NodeId.Synthetic(1))); // as a node never met

        clock.Advance(TimeSpan.FromSeconds(3));
        var again = s.OnTick().OfType<AssignTask>().ToList();
        Assert.Equal([0, 1], again.Select(a => a.Task.Segment).Order());
        Assert.All(again, a => Assert.Null(s.BenchedUntil(a.Node)));

        // A decline that is not about being busy closes the task to that node.
        var other = again[0];
        s.OnDeclined(other.Node, other.Task);
        Assert.Null(s.BenchedUntil(other.Node));
        Assert.DoesNotContain(s.OnResult(again[1].Node, again[1].Task, ResultVerdict.Valid).OfType<AssignTask>(), a => a.Node == other.Node && a.Task == other.Task);
    }

    [Fact]
    public void ResultsOfUnknownJobsAndNodesAreIgnored()
    {
        var s = New();
        Assert.Empty(s.OnResult(NodeId.Synthetic(9), new TaskId(JobId.New(), 0), ResultVerdict.Valid));
        Assert.Empty(s.OnHeartbeat(NodeId.Synthetic(9), new TaskId(JobId.New(), 3), 0.5));
        s.OnNodeJoined(Node(1));
        var job = JobId.New();
        s.OnJobSubmitted(new JobSpec(job, [16], SchedulingPolicy.Adaptive));
        Assert.Empty(s.OnResult(NodeId.Synthetic(1), new TaskId(job, 7), ResultVerdict.Valid));
        Assert.Empty(s.OnResult(NodeId.Synthetic(1), new TaskId(job, -1), ResultVerdict.Invalid));
        Assert.Empty(s.OnHeartbeat(NodeId.Synthetic(1), null, double.NaN));
    }

    [Fact]
    public void ASilentHolderIsHedgedAndItsLateValidResultStillCounts()
    {
        var s = New();
        s.OnNodeJoined(Node(1));
        s.OnNodeJoined(Node(2));
        var job = JobId.New();
        var d = s.OnJobSubmitted(new JobSpec(job, [16], SchedulingPolicy.Adaptive));
        var first = Assert.Single(d.OfType<AssignTask>());
        var other = first.Node == NodeId.Synthetic(1) ? NodeId.Synthetic(2) : NodeId.Synthetic(1);
        Assert.Equal(clock.Now + s.Options.HeartbeatTimeout, s.NextDeadline);

        clock.Advance(s.Options.HeartbeatTimeout);
        var tick = s.OnTick();
        Assert.Contains(tick, x => x is PenaliseNode { Offence: Offence.Silent } p && p.Node == first.Node);
        Assert.Contains(tick, x => x is NodeDropped { Left: false } n && n.Node == first.Node);
        Assert.Contains(tick, x => x is AssignTask { Reason: AssignReason.Hedge } h && h.Node == other);

        var late = s.OnResult(first.Node, first.Task, ResultVerdict.Valid);
        Assert.Contains(late, x => x is TaskCompleted { Late: true } c && c.Winner == first.Node);
        Assert.Contains(late, x => x is CancelTask c && c.Node == other);
    }

    [Fact]
    public void AHolderThatMissedItsCancelIsToldAgain()
    {
        var s = New();
        s.OnNodeJoined(Node(1));
        s.OnNodeJoined(Node(2));
        var job = JobId.New();
        s.OnJobSubmitted(new JobSpec(job, [16, 16], SchedulingPolicy.Replicate(2)));
        var task = new TaskId(job, 0);
        var d = s.OnResult(NodeId.Synthetic(1), task, ResultVerdict.Valid);
        Assert.Contains(d, x => x is CancelTask c && c.Node == NodeId.Synthetic(2));
        var again = s.OnHeartbeat(NodeId.Synthetic(2), task, 0.5);
        Assert.Contains(again, x => x is CancelTask c && c.Node == NodeId.Synthetic(2) && c.Task == task);
    }

    [Fact]
    public void ALeavingNodesTasksMoveAtOnceWithoutPenalty()
    {
        var s = New();
        s.OnNodeJoined(Node(1));
        var job = JobId.New();
        s.OnJobSubmitted(new JobSpec(job, [16], SchedulingPolicy.Adaptive));
        s.OnNodeJoined(Node(2));
        var d = s.OnNodeLeft(NodeId.Synthetic(1));
        Assert.Contains(d, x => x is NodeDropped { Left: true });
        Assert.Contains(d, x => x is AssignTask { Reason: AssignReason.Reassign } a && a.Node == NodeId.Synthetic(2));
        Assert.DoesNotContain(d, x => x is PenaliseNode);
    }

    [Fact]
    public void AnIdleNodeUnseenTooLongIsNotOfferedWork()
    {
        var s = New();
        s.OnNodeJoined(Node(1));
        clock.Advance(s.Options.NodeTimeout + TimeSpan.FromSeconds(1));
        s.OnNodeJoined(Node(2));
        var d = s.OnJobSubmitted(new JobSpec(JobId.New(), [16], SchedulingPolicy.Adaptive));
        Assert.Equal(NodeId.Synthetic(2), Assert.Single(d.OfType<AssignTask>()).Node);
    }

    [Fact]
    public void CancellingAJobStopsEveryHolder()
    {
        var s = New();
        s.OnNodeJoined(Node(1, workers: 3));
        var job = JobId.New();
        s.OnJobSubmitted(new JobSpec(job, [16, 16, 16], SchedulingPolicy.Adaptive));
        var d = s.OnJobCancelled(job);
        Assert.Equal(3, d.OfType<CancelTask>().Count(c => c.Reason == CancelReason.JobCancelled));
        Assert.Null(s.ProgressOf(job));
    }

    [Fact]
    public void PoliciesParse()
    {
        Assert.Same(SchedulingPolicy.Adaptive, SchedulingPolicy.Parse("adaptive"));
        Assert.Equal(SchedulingPolicy.Replicate(5), SchedulingPolicy.Parse("replicate:5"));
        Assert.Throws<FormatException>(() => SchedulingPolicy.Parse("replicate:0"));
        Assert.Throws<FormatException>(() => SchedulingPolicy.Parse("replicate:-1"));
        Assert.Throws<FormatException>(() => SchedulingPolicy.Parse("blind"));
    }

    [Fact]
    public void ReputationFallsHardOnLiesAndRisesSlowly()
    {
        var r = Reputation.Stranger.With(Offence.Invalid);
        Assert.True(r.Score < 0.2);
        var recovered = 0;
        while (r.Score < Reputation.Stranger.Score)
        {
            r = r.WithValid();
            recovered++;
        }

        Assert.InRange(recovered, 3, 10);
    }
}
