using System.Security.Cryptography;

using NATS.Client.Core;

using Tessera.Network.Tests.Scheduling;
using Tessera.Network.Transport;

namespace Tessera.Network.Tests.Transport;

public sealed class TransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task InProcessCarriesMessagesAndRefusesOversizedOnes()
    {
        await using var t = new InProcessTransport(maxMessageBytes: 1000);
        await using var sub = await t.SubscribeAsync("a");
        await t.PublishAsync("a", new byte[] { 1, 2, 3 });
        await t.PublishAsync("b", new byte[] { 9 });
        Assert.Equal([1, 2, 3], (await Next(sub)).ToArray());
        await Assert.ThrowsAsync<ArgumentException>(async () => await t.PublishAsync("a", new byte[1001]));
    }

    [Fact]
    public void FramesReassembleInAnyOrderAndHostileFramesAreDropped()
    {
        var r = new Reassembler(1 << 20, new ManualClock());
        var message = RandomNumberGenerator.GetBytes(10_000);
        var frames = Reassembler.Split(message, 1000).ToList();
        Assert.Equal(10, frames.Count);
        byte[]? whole = null;
        foreach (var f in Enumerable.Reverse(frames))
        {
            whole ??= r.Add(f);
        }

        Assert.Equal(message, whole);

        // Duplicates, truncations, lies about sizes, noise: dropped, never thrown.
        var rng = new Random(1);
        var dropped = r.Dropped;
        Assert.Null(r.Add(frames[0][..10]));
        var lying = (byte[])frames[0].Clone();
        BitConverter.GetBytes(int.MaxValue).CopyTo(lying, 26);
        Assert.Null(r.Add(lying));
        for (var i = 0; i < 2000; i++)
        {
            var noise = new byte[rng.Next(0, 100)];
            rng.NextBytes(noise);
            if (noise.Length > 2)
            {
                noise[0] = 0x54;
                noise[1] = 0x43;
            }

            r.Add(noise);
        }

        Assert.True(r.Dropped > dropped);
        Assert.Equal(message, Reassemble(r, Reassembler.Split(message, 777)));
        Assert.Equal([], Reassemble(r, Reassembler.Split(Array.Empty<byte>(), 777)));
    }

    [Fact]
    public async Task NatsCarriesLargeMessagesInChunksAndSurvivesNoise()
    {
        using var server = new NatsServer();
        await using var a = await NatsTransport.ConnectAsync(server.Url, "a");
        await using var b = await NatsTransport.ConnectAsync(server.Url, "b", maxMessageBytes: 8 << 20);
        await using var sub = await b.SubscribeAsync("tessera.test");

        // Raw garbage straight onto the subject first: the subscriber drops it and carries on.
        await using (var raw = new NatsConnection(new NatsOpts { Url = server.Url }))
        {
            await raw.PublishAsync("tessera.test", RandomNumberGenerator.GetBytes(300));
            await raw.PublishAsync("tessera.test", Array.Empty<byte>());
        }

        var big = RandomNumberGenerator.GetBytes(3 << 20);
        await a.PublishAsync("tessera.test", new byte[] { 7 });
        await a.PublishAsync("tessera.test", big);
        Assert.Equal([7], (await Next(sub)).ToArray());
        Assert.Equal(big, (await Next(sub)).ToArray());
        await Assert.ThrowsAsync<ArgumentException>(async () => await b.PublishAsync("x", new byte[(8 << 20) + 1]));
    }

    [Fact]
    public async Task AClusterOfThreeKeepsCarryingWhenOneServerDies()
    {
        using var s1 = new NatsServer("--cluster_name", "t", "--cluster", "nats://127.0.0.1:-1");
        var r1 = s1.ClusterUrl;
        using var s2 = new NatsServer("--cluster_name", "t", "--cluster", "nats://127.0.0.1:-1", "--routes", r1);
        using var s3 = new NatsServer("--cluster_name", "t", "--cluster", "nats://127.0.0.1:-1", "--routes", r1);
        await using var a = await NatsTransport.ConnectAsync($"{s2.Url},{s3.Url}", "a");
        await using var b = await NatsTransport.ConnectAsync($"{s3.Url},{s2.Url}", "b");
        await using var sub = await b.SubscribeAsync("tessera.cluster");
        await Deliver(a, sub, 1);

        s3.Dispose(); // b's server goes; b reconnects to s2 and resubscribes
        await Deliver(a, sub, 2);
    }

    private static async Task Deliver(NatsTransport from, ISubscription to, byte tag)
    {
        // Routes and reconnects take a moment: publish until one arrives, within bounds.
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            await from.PublishAsync("tessera.cluster", new byte[] { tag });
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                while (true)
                {
                    var m = await to.Messages.ReadAsync(wait.Token);
                    if (m.Span[0] == tag)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Fail($"message {tag} never crossed the cluster");
    }

    private static byte[] Reassemble(Reassembler r, IEnumerable<byte[]> frames)
    {
        byte[]? whole = null;
        foreach (var f in frames)
        {
            whole ??= r.Add(f);
        }

        return whole ?? throw new InvalidOperationException("incomplete");
    }

    private static async Task<ReadOnlyMemory<byte>> Next(ISubscription sub)
    {
        using var cts = new CancellationTokenSource(Patience);
        return await sub.Messages.ReadAsync(cts.Token);
    }
}
