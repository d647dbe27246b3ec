using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Tessera.Network.Identity;
using Tessera.Network.Protocol;
using Tessera.Network.Transport;
using Tessera.Network.Work;

namespace Tessera.Network.Node;

/// <summary>
/// A prover node as a hosted service: connects to NATS (retrying until the server is there),
/// runs the node until the host stops, then stops its tasks and disconnects.
/// </summary>
public sealed partial class ProverNodeService(
    string natsUrl,
    NodeKey key,
    ISegmentWork work,
    ProverNodeOptions options,
    ILogger<ProverNodeService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        NatsTransport? transport = null;
        while (transport is null)
        {
            try
            {
                transport = await NatsTransport.ConnectAsync(natsUrl, $"tessera-node-{key.Id}", cancellation: stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogConnectFailed(logger, natsUrl, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(false);
            }
        }

        await using (transport.ConfigureAwait(false))
        {
            var node = new ProverNode(new Peer(key, transport, TimeProvider.System, logger), work, options, TimeProvider.System, logger);
            await node.RunAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cannot reach NATS at {Url} ({Reason}); retrying")]
    private static partial void LogConnectFailed(ILogger logger, string url, string reason);
}
