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

    [Fact]
    public async Task AJobOverAClusterOfThreeFinishesWhenTheServerOfTwoNodesDiesMidJob()
    {
        // The owner on one server, a node on each of the others' first choice; the server two
        // nodes are attached to is killed once the job is under way. They reconnect to the next
        // server on their list and the job finishes, every result verified.
        using var s1 = new NatsServer("--cluster_name", "t", "--cluster", "nats://127.0.0.1:-1");
        using var s2 = new NatsServer("--cluster_name", "t", "--cluster", "nats://127.0.0.1:-1", "--routes", s1.ClusterUrl);
        var s3 = new NatsServer("--cluster_name", "t", "--cluster", "nats://127.0.0.1:-1", "--routes", s1.ClusterUrl);
        try
        {
            string[] nodeServers = [$"{s3.Url},{s2.Url}", $"{s3.Url},{s1.Url}", $"{s2.Url},{s1.Url}"];
            var next = 0;
            using var store = JobStore.Open(":memory:");
            await using var cluster = new Cluster(
                async name => await NatsTransport.ConnectAsync(name == "owner" ? $"{s1.Url},{s2.Url}" : nodeServers[next++], name),
                new TestLogger(output));
            var keys = new List<Identity.NodeKey>();
            for (var i = 0; i < nodeServers.Length; i++)
            {
                keys.Add(await cluster.AddNodeAsync());
            }

            var total = 16;
            int? verifiedAtKill = null;
            Task? kill = null;
            var outcome = await cluster.RunAsync(Cluster.Job(total), store, new Progress(p =>
            {
                if (kill is null && p.Verified >= 2)
                {
                    verifiedAtKill = p.Verified;
                    kill = Task.Run(s3.Dispose);
                }
            }));
            output.WriteLine(outcome.Report.ToString());

            Assert.NotNull(kill);
            await kill;
            Assert.True(verifiedAtKill < total, $"the server died after the job ({verifiedAtKill}/{total})");
            Assert.Equal(total, outcome.Results.Count);

            // The two nodes whose server died came back through the others and went on proving.
            var after = outcome.Report.Events.Where(e => e.What == "completed").Skip(verifiedAtKill!.Value).Select(e => e.Node).ToList();
            Assert.Contains(after, n => n == keys[0].Id || n == keys[1].Id);
        }
        finally
        {
            s3.Dispose();
        }
    }

    private sealed class Progress(Action<Network.Owner.JobProgress> report) : IProgress<Network.Owner.JobProgress>
    {
        public void Report(Network.Owner.JobProgress value) => report(value);
    }
}
