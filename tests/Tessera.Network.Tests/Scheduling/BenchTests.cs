using Tessera.Network.Scheduling;

using Xunit.Abstractions;

namespace Tessera.Network.Tests.Scheduling;

/// <summary>Nodes caught cheating are benched for a doubling while (decision 0007), on the injected clock.</summary>
public sealed class BenchTests(ITestOutputHelper output)
{
    private const int Po2 = 16; // 4 s at the nodes' advertised 2^14 rows per second

    private readonly ManualClock clock = new();
    private readonly InMemoryReputationStore store = new();

    private static readonly NodeId Honest = NodeId.Synthetic(1);
    private static readonly NodeId Liar = NodeId.Synthetic(2);

    private SegmentScheduler New(SchedulerOptions? options = null) => new(clock, store, options);

    private static NodeInfo Node(NodeId id, int workers = 1) => new(id, 20, workers, 1 << 14);

    private static JobSpec Job(int segments) => new(JobId.New(), Enumerable.Repeat(Po2, segments).ToArray(), SchedulingPolicy.Adaptive);

    [Fact]
    public void ALiarTakesNoMoreThanItsWorkersPerBench()
    {
        // The observation: a liar that answers at once is the only idle node, again and again.
        var s = New();
        s.OnNodeJoined(Node(Honest));
        s.OnNodeJoined(Node(Liar, workers: 2));
        var log = new Driver(s, clock);
        log.Apply(s.OnJobSubmitted(Job(200)));
        log.Run(TimeSpan.FromMinutes(15));

        Assert.Single(log.Completed);
        Assert.All(log.Winners, w => Assert.Equal(Honest, w));

        // Benches of 1, 2, 4 and 8 minutes from its lies at about 1 s, 62 s, 183 s and 424 s:
        // it is offered work at the start and at three releases, two tasks (its workers) each time.
        var times = log.AssignedAt(Liar);
        output.WriteLine($"benched: the liar took {times.Count} tasks while the job ran {log.Elapsed.TotalSeconds:F0} s");
        Assert.InRange(times.Count, 2, 2 * 4);
        Assert.All(times.GroupBy(t => t).Select(g => g.Count()), n => Assert.True(n <= 2));
        var releases = times.Distinct().Select(t => t.TotalSeconds).ToArray();
        Assert.Equal(0, releases[0]);
        for (var i = 1; i < releases.Length; i++)
        {
            var gap = releases[i] - releases[i - 1];
            var bench = 60 * Math.Pow(2, i - 1);
            Assert.InRange(gap, bench, bench + 2);
        }

        Assert.True(log.Revoked > 0, "its second task is revoked when its first lie comes in");
    }

    [Fact]
    public void WithoutTheBenchTheLiarAbsorbsTasks()
    {
        // The rule is what makes the difference: the same run with benching off.
        var s = New(new SchedulerOptions { Bench = TimeSpan.Zero });
        s.OnNodeJoined(Node(Honest));
        s.OnNodeJoined(Node(Liar, workers: 2));
        var log = new Driver(s, clock);
        log.Apply(s.OnJobSubmitted(Job(200)));
        log.Run(TimeSpan.FromMinutes(15));
        output.WriteLine($"not benched: the liar took {log.AssignedAt(Liar).Count} tasks while the job ran {log.Elapsed.TotalSeconds:F0} s");
        Assert.Single(log.Completed);
        Assert.True(log.AssignedAt(Liar).Count > 50, $"{log.AssignedAt(Liar).Count} tasks");
    }

    [Fact]
    public void AfterItsBenchAReformedNodeEarnsBackTrust()
    {
        var s = New();
        s.OnNodeJoined(Node(Liar));
        var first = Assert.Single(s.OnJobSubmitted(Job(6)).OfType<AssignTask>());
        clock.Advance(TimeSpan.FromSeconds(1));
        var lie = s.OnResult(Liar, first.Task, ResultVerdict.Invalid);
        Assert.Contains(lie, d => d is PenaliseNode { Offence: Offence.Invalid });
        Assert.DoesNotContain(lie, d => d is AssignTask);

        // The only node is benched: the job says so instead of hanging silently, and wakes up on time.
        Assert.NotEmpty(lie.OfType<TaskStalled>());
        var end = clock.Now + s.Options.Bench;
        Assert.Equal(end, s.BenchedUntil(Liar));
        clock.Advance(TimeSpan.FromSeconds(30));
        s.OnHeartbeat(Liar);
        Assert.DoesNotContain(s.OnTick(), d => d is AssignTask);
        Assert.Equal(end, s.NextDeadline);

        clock.Now = end;
        s.OnHeartbeat(Liar);
        var next = Assert.Single(s.OnTick().OfType<AssignTask>());
        Assert.Equal(Liar, next.Node);

        // Honest from now on: it proves the other five (its lie excluded it from the first for good)
        // and its standing climbs past a stranger's.
        var task = next.Task;
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(4));
            s.OnHeartbeat(Liar, task, 0.9);
            var d = s.OnResult(Liar, task, ResultVerdict.Valid);
            Assert.Contains(d, x => x is TaskCompleted c && c.Winner == Liar);
            if (i < 4)
            {
                task = Assert.Single(d.OfType<AssignTask>()).Task;
            }
            else
            {
                Assert.DoesNotContain(d, x => x is AssignTask);
            }
        }

        Assert.Equal((5, 6), s.ProgressOf(first.Task.Job));
        Assert.True(s.ReputationOf(Liar).Score > Reputation.Stranger.Score, $"score {s.ReputationOf(Liar).Score}");

        // A later job's scheduler, with the same record, does not bench it at all.
        var later = New();
        later.OnNodeJoined(Node(Liar));
        Assert.Equal(Liar, Assert.Single(later.OnJobSubmitted(Job(1)).OfType<AssignTask>()).Node);
    }

    [Fact]
    public void WithOnlyBenchedNodesTheJobIsReportedStalledAndRetriedAtEachBenchEnd()
    {
        var s = New(new SchedulerOptions { Bench = TimeSpan.FromMinutes(1), MaxBench = TimeSpan.FromMinutes(4) });
        s.OnNodeJoined(Node(Liar));
        var a = Assert.Single(s.OnJobSubmitted(Job(1)).OfType<AssignTask>());
        var benches = new List<TimeSpan>();
        for (var round = 0; round < 5; round++)
        {
            var lie = s.OnResult(Liar, a.Task, ResultVerdict.Foreign);
            Assert.Single(lie.OfType<TaskStalled>());
            var until = s.BenchedUntil(Liar) ?? throw new InvalidOperationException("a liar must be benched");
            benches.Add(until - clock.Now);

            // Whoever ticks by NextDeadline wakes up when the bench ends, not later.
            while (s.BenchedUntil(Liar) is not null)
            {
                var due = s.NextDeadline ?? throw new InvalidOperationException("a benched node must wake the scheduler");
                Assert.True(due <= until);
                clock.Now = due;
                s.OnHeartbeat(Liar);
                Assert.DoesNotContain(s.OnTick(), d => d is AssignTask); // excluded from that segment for good
            }

            Assert.Equal(until, clock.Now);

            // It is offered a new job's segment (the old job waits on other nodes).
            a = Assert.Single(s.OnJobSubmitted(Job(1)).OfType<AssignTask>());
            Assert.Equal(Liar, a.Node);
        }

        Assert.Equal([1, 2, 4, 4, 4], benches.Select(b => b.TotalMinutes));
    }

    [Fact]
    public void AStalledTaskIsOfferedWhenTheBenchEnds()
    {
        var s = New();
        s.OnNodeJoined(Node(Liar));
        var first = Assert.Single(s.OnJobSubmitted(Job(2)).OfType<AssignTask>());
        var lie = s.OnResult(Liar, first.Task, ResultVerdict.Replayed);
        Assert.Equal(2, lie.OfType<TaskStalled>().Count()); // both wait: the only node is benched
        clock.Advance(s.Options.Bench);
        s.OnHeartbeat(Liar);
        var retry = Assert.Single(s.OnTick().OfType<AssignTask>());
        Assert.Equal(new TaskId(first.Task.Job, 1 - first.Task.Segment), retry.Task); // not the one it lied on
    }

    [Theory]
    [InlineData(0, false)] // ran late twenty times: slow, not a cheat
    [InlineData(1, true)] // one proven lie and no trust earned back since
    public void ALowScoreBenchesAtJoinOnlyForACheat(long wrong, bool benched)
    {
        store.Save(Liar, new Reputation(0.05, 3, wrong, 2, 20));
        var s = New();
        s.OnNodeJoined(Node(Liar));
        var d = s.OnJobSubmitted(Job(1));
        Assert.Equal(!benched, d.OfType<AssignTask>().Any(a => a.Node == Liar));
        Assert.Equal(benched, d.OfType<TaskStalled>().Any());
    }

    [Fact]
    public void AnHonestLateOrSilentNodeIsNotBenched()
    {
        var s = New();
        s.OnNodeJoined(Node(Honest));
        var a = Assert.Single(s.OnJobSubmitted(Job(3)).OfType<AssignTask>());

        // Late: it beats without progress past twice its expected time, then proves it anyway.
        for (var t = 0; t < 9; t++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            s.OnHeartbeat(Honest, a.Task, 0);
            s.OnTick();
        }

        Assert.Equal(1, s.ReputationOf(Honest).Late);
        var afterLate = s.OnResult(Honest, a.Task, ResultVerdict.Valid);
        var b = Assert.Single(afterLate.OfType<AssignTask>());
        Assert.Equal(Honest, b.Node);

        // Silent: no heartbeat past the timeout; then it is back, proves its task and gets the next at once.
        clock.Advance(s.Options.HeartbeatTimeout);
        Assert.Contains(s.OnTick(), d => d is PenaliseNode { Offence: Offence.Silent });
        Assert.DoesNotContain(s.OnHeartbeat(Honest, b.Task, 0.5), d => d is TaskStalled);
        var afterSilent = s.OnResult(Honest, b.Task, ResultVerdict.Valid);
        Assert.Contains(afterSilent, d => d is AssignTask x && x.Node == Honest);
    }

    /// <summary>
    /// Steps the clock a second at a time: the honest node proves each task in its expected 4 s,
    /// the liar returns garbage a second after each assignment; everyone beats every second.
    /// </summary>
    private sealed class Driver(SegmentScheduler s, ManualClock clock)
    {
        private readonly DateTimeOffset start = clock.Now;
        private readonly List<(TaskId Task, DateTimeOffset Due)> honestWork = [];
        private readonly List<(TaskId Task, DateTimeOffset Due)> lies = [];
        private readonly List<(NodeId Node, TimeSpan At)> assigned = [];

        public List<JobId> Completed { get; } = [];

        public List<NodeId> Winners { get; } = [];

        public int Revoked { get; private set; }

        public TimeSpan Elapsed => clock.Now - start;

        public List<TimeSpan> AssignedAt(NodeId node) => [.. assigned.Where(a => a.Node == node).Select(a => a.At)];

        public void Apply(IReadOnlyList<SchedulerDecision> decisions)
        {
            foreach (var d in decisions)
            {
                switch (d)
                {
                    case AssignTask a:
                        assigned.Add((a.Node, clock.Now - start));
                        (a.Node == Honest ? honestWork : lies).Add((a.Task, clock.Now + (a.Node == Honest ? a.Expected : TimeSpan.FromSeconds(1))));
                        break;
                    case CancelTask c:
                        Revoked += c.Reason == CancelReason.Revoked ? 1 : 0;
                        (c.Node == Honest ? honestWork : lies).RemoveAll(w => w.Task == c.Task);
                        break;
                    case TaskCompleted t:
                        Winners.Add(t.Winner);
                        break;
                    case JobCompleted j:
                        Completed.Add(j.Job);
                        break;
                }
            }
        }

        public void Run(TimeSpan limit)
        {
            while (clock.Now - start < limit && Completed.Count == 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                foreach (var w in honestWork.Where(w => w.Due <= clock.Now).ToList())
                {
                    honestWork.Remove(w);
                    Apply(s.OnResult(Honest, w.Task, ResultVerdict.Valid));
                }

                foreach (var w in lies.Where(w => w.Due <= clock.Now).ToList())
                {
                    if (!lies.Remove(w))
                    {
                        continue; // revoked by an earlier lie of the same second
                    }

                    Apply(s.OnResult(Liar, w.Task, ResultVerdict.Invalid));
                }

                Apply(s.OnHeartbeat(Honest));
                foreach (var w in honestWork.ToList())
                {
                    Apply(s.OnHeartbeat(Honest, w.Task, 0.5));
                }

                Apply(s.OnHeartbeat(Liar));
                foreach (var w in lies.ToList())
                {
                    Apply(s.OnHeartbeat(Liar, w.Task, 0.5));
                }

                Apply(s.OnTick());
            }
        }
    }
}
