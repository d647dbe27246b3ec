using System.Diagnostics.Metrics;

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
}
