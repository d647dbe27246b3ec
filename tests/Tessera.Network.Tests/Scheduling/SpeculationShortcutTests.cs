using Tessera.Network.Scheduling;

using Xunit.Abstractions;

namespace Tessera.Network.Tests.Scheduling;

/// <summary>
/// The speculation pass's short cut (re-check only the touched tasks when nothing could be
/// assigned) must make exactly the decisions of the full rescan: two schedulers, one forced to
/// rescan, are driven in lockstep through a busy, hostile, churning network and compared call by call.
/// </summary>
public sealed class SpeculationShortcutTests(ITestOutputHelper output)
{
    private enum Kind
    {
        Honest,
        Liar,
        Slow,
        Silent,
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheShortCutDecidesAsTheFullRescan(int seed)
    {
        var clock = new ManualClock();
        var reference = new SegmentScheduler(clock, new InMemoryReputationStore()) { AlwaysRescanSpeculation = true };
        var fast = new SegmentScheduler(clock, new InMemoryReputationStore());
        var random = new Random(seed);
        const int count = 40;
        var kinds = new Kind[count];
        var online = new bool[count];
        var darkUntil = new DateTimeOffset[count];
        var held = new List<(TaskId Task, DateTimeOffset Due, DateTimeOffset Start)>[count];
        var index = new Dictionary<NodeId, int>();
        var calls = 0L;
        var speculated = 0;
        var verdicts = new[] { ResultVerdict.Invalid, ResultVerdict.Foreign, ResultVerdict.Replayed };

        IReadOnlyList<SchedulerDecision> Both(Func<SegmentScheduler, IReadOnlyList<SchedulerDecision>> call)
        {
            calls++;
            var expected = call(reference);
            var actual = call(fast);
            Assert.Equal(string.Join('\n', expected), string.Join('\n', actual));
            foreach (var d in expected)
            {
                switch (d)
                {
                    case AssignTask a:
                        var n = index[a.Node];
                        var factor = kinds[n] switch
                        {
                            Kind.Slow => 3.0,
                            Kind.Liar => 0.2 + random.NextDouble(),
                            _ => 0.8 + (0.4 * random.NextDouble()),
                        };
                        held[n].Add((a.Task, clock.Now + (a.Expected * factor), clock.Now));
                        speculated += a.Reason == AssignReason.Speculate ? 1 : 0;
                        break;
                    case CancelTask c:
                        held[index[c.Node]].RemoveAll(w => w.Task == c.Task);
                        break;
                }
            }

            return expected;
        }

        NodeInfo Info(int n) => new(NodeId.Synthetic(n), n % 7 == 0 ? 15 : 20, n % 5 == 0 ? 2 : 1, 1 << 14);

        for (var n = 0; n < count; n++)
        {
            kinds[n] = n < 5 ? Kind.Honest : (Kind)(1 + (n % 3));
            held[n] = [];
            index[NodeId.Synthetic(n)] = n;
            online[n] = true;
            Both(s => s.OnNodeJoined(Info(n)));
        }

        var end = clock.Now + TimeSpan.FromHours(1);
        var step = TimeSpan.FromMilliseconds(500);
        var nextJob = clock.Now;
        while (clock.Now < end)
        {
            clock.Advance(step);
            if (clock.Now >= nextJob)
            {
                var po2 = Enumerable.Range(0, random.Next(5, 30)).Select(_ => random.Next(14, 17)).ToArray();
                var job = new JobSpec(JobId.New(), po2, SchedulingPolicy.Adaptive);
                Both(s => s.OnJobSubmitted(job));
                nextJob = clock.Now + TimeSpan.FromSeconds(random.Next(5, 40));
            }

            for (var n = 0; n < count; n++)
            {
                var id = NodeId.Synthetic(n);
                if (!online[n])
                {
                    if (clock.Now >= darkUntil[n])
                    {
                        online[n] = true;
                        Both(s => s.OnNodeJoined(Info(n)));
                    }

                    continue;
                }

                if (clock.Now < darkUntil[n])
                {
                    continue; // dark: crashed or cut off, it says nothing
                }

                foreach (var w in held[n].Where(w => w.Due <= clock.Now).ToList())
                {
                    held[n].Remove(w);
                    if (kinds[n] != Kind.Silent)
                    {
                        var verdict = kinds[n] == Kind.Liar ? verdicts[random.Next(verdicts.Length)] : ResultVerdict.Valid;
                        Both(s => s.OnResult(id, w.Task, verdict));
                    }
                }

                if (random.NextDouble() < 0.9)
                {
                    Both(s => s.OnHeartbeat(id));
                    foreach (var w in held[n].ToList())
                    {
                        if (kinds[n] != Kind.Silent)
                        {
                            var progress = (clock.Now - w.Start) / (w.Due - w.Start);
                            Both(s => s.OnHeartbeat(id, w.Task, progress));
                        }
                    }
                }

                var roll = random.NextDouble();
                if (roll < 0.003)
                {
                    online[n] = false;
                    held[n].Clear();
                    darkUntil[n] = clock.Now + TimeSpan.FromSeconds(random.Next(10, 300));
                    Both(s => s.OnNodeLeft(id));
                }
                else if (roll < 0.004)
                {
                    held[n].Clear(); // crashed: what it held is lost, and it goes quiet
                    darkUntil[n] = clock.Now + TimeSpan.FromSeconds(random.Next(10, 300));
                }
            }

            Both(s => s.OnTick());
        }

        output.WriteLine($"{calls:N0} calls, {fast.QuietSpeculationPasses:N0} quiet passes, {speculated} speculative copies");
        Assert.True(fast.QuietSpeculationPasses > 100, "the short cut was hardly taken: the test proves nothing");
        Assert.True(speculated > 10, "no speculation happened: the test proves nothing");
    }
}
