using System.Diagnostics.Metrics;

using Tessera.Network.Owner;
using Tessera.Network.Store;
using Tessera.Network.Tests.Work;
using Tessera.Network.Transport;

namespace Tessera.Network.Tests.Owner;

[Collection(NetworkCollection.Name)]
public sealed class MetricsTests
{
    [Fact]
    public async Task AJobCountsAssignmentsVerificationsAndPenalties()
    {
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == NetworkMetrics.MeterName)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) =>
        {
            lock (seen)
            {
                seen[i.Name] = seen.GetValueOrDefault(i.Name) + v;
            }
        });
        listener.Start();

        var transport = new InProcessTransport();
        using var store = JobStore.Open(":memory:");
        await using var cluster = new Cluster(_ => Task.FromResult<ITransport>(transport));
        await cluster.AddNodeAsync();
        await cluster.AddNodeAsync(Misbehaviour.Garbage);
        await cluster.RunAsync(Cluster.Job(3), store);

        // Other tests run in parallel on the same meter: these are lower bounds.
        lock (seen)
        {
            Assert.True(seen.GetValueOrDefault("tessera.tasks.assigned") >= 3);
            Assert.True(seen.GetValueOrDefault("tessera.results.verified") >= 3);
            Assert.True(seen.GetValueOrDefault("tessera.node.proved") >= 3);
        }
    }

    [Fact]
    public async Task AnOpenJobsSegmentsAreGaugedByStateAndGoneWhenItEnds()
    {
        var job = Cluster.Job(4);
        var id = job.Id.ToString();
        var gauged = new List<(string State, int Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == NetworkMetrics.MeterName && i.Name == "tessera.job.segments")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, v, tags, _) =>
        {
            string? forJob = null, state = null;
            foreach (var t in tags)
            {
                forJob = t.Key == "job" ? t.Value as string : forJob;
                state = t.Key == "state" ? t.Value as string : state;
            }

            if (forJob == id)
            {
                gauged.Add((state!, v));
            }
        });
        listener.Start();

        var transport = new InProcessTransport();
        using var store = JobStore.Open(":memory:");
        await using var cluster = new Cluster(_ => Task.FromResult<ITransport>(transport));
        await cluster.AddNodeAsync();
        await cluster.AddNodeAsync();
        var scrapes = 0;
        await cluster.RunAsync(job, store, new Inline(_ =>
        {
            listener.RecordObservableInstruments(); // what a Prometheus scrape does
            scrapes++;
        }));

        Assert.True(scrapes > 0);
        Assert.Contains(("total", 4), gauged);
        Assert.Contains(("verified", 4), gauged);
        Assert.Contains(gauged, g => g.State == "in_flight" && g.Value > 0);
        Assert.All(gauged, g => Assert.InRange(g.Value, 0, 4));

        gauged.Clear();
        listener.RecordObservableInstruments();
        Assert.Empty(gauged);
    }

    private sealed class Inline(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
