using Tessera.Network.Store;
using Tessera.Network.Tests.Transport;
using Tessera.Network.Tests.Work;
using Tessera.Network.Transport;

using Xunit.Abstractions;

namespace Tessera.Network.Tests.Owner;

/// <summary>The owner and nodes over a real nats-server on loopback.</summary>
[Collection(NetworkCollection.Name)]
public sealed class NatsJobTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeNodesAndALiarProveAJobOverNats()
    {
        using var server = new NatsServer();
        using var store = JobStore.Open(":memory:");
        await using var cluster = new Cluster(async name => await NatsTransport.ConnectAsync(server.Url, name), new TestLogger(output));
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddNodeAsync();
        }

        var liar = await cluster.AddNodeAsync(Misbehaviour.OtherSegment);
        var outcome = await cluster.RunAsync(Cluster.Job(8), store);
        Assert.Equal(8, outcome.Results.Count);
        Assert.All(outcome.Results, r => Assert.NotEqual(liar.Id, r.Prover));
    }

    [Fact]
    public async Task LargePayloadsCrossInChunks()
    {
        using var server = new NatsServer();
        using var store = JobStore.Open(":memory:");
        await using var cluster = new Cluster(async name => await NatsTransport.ConnectAsync(server.Url, name), new TestLogger(output));
        await cluster.AddNodeAsync();
        var job = Cluster.Job(2);
        var big = new byte[3 << 20];
        new Random(3).NextBytes(big);
        job = job with { Segments = [.. job.Segments.Select(s => s with { Payload = big, Claim = SignedDigestWork.ClaimOf(big) })] };
        var outcome = await cluster.RunAsync(job, store);
        Assert.Equal(2, outcome.Results.Count);
    }
}
