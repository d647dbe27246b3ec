using Microsoft.Extensions.Logging.Abstractions;

using Tessera.Network.Identity;
using Tessera.Network.Node;
using Tessera.Network.Protocol;
using Tessera.Network.Tests.Transport;
using Tessera.Network.Tests.Work;
using Tessera.Network.Transport;

namespace Tessera.Network.Tests.Node;

public sealed class ProverNodeTests
{
    [Fact]
    public async Task A_node_keeps_advertising_after_sends_fail()
    {
        // The first adverts fail as they would while a connection is re-established; the node must
        // not fall silent for good (its owners would drop a node that is alive and listening).
        var inner = new InProcessTransport();
        var flaky = new FailingSends(inner, (subject, _) => subject == Subjects.Adverts, failures: 3);
        var key = NodeKey.Generate();
        var options = new ProverNodeOptions { MaxPo2 = 12, Workers = 1, AdvertEvery = TimeSpan.FromMilliseconds(20) };
        var node = new ProverNode(new Peer(key, flaky, TimeProvider.System, NullLogger.Instance), new BadWork(key, TimeSpan.Zero, Misbehaviour.None), options, TimeProvider.System, NullLogger.Instance);

        await using var adverts = await inner.SubscribeAsync(Subjects.Adverts);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => node.RunAsync(stop.Token));
        var listener = new Peer(NodeKey.Generate(), inner, TimeProvider.System, NullLogger.Instance);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var heard = await adverts.Messages.ReadAsync(wait.Token);
        var advert = listener.Accept(heard);

        Assert.NotNull(advert);
        Assert.Equal(key.Id, advert.Sender);
        Assert.IsType<Advert>(advert.Body);
        Assert.Equal(3, flaky.Failed);
        await stop.CancelAsync();
        await run;
    }
}
