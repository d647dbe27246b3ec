using System.Threading.Channels;

using NATS.Client.Core;

namespace Tessera.Network.Transport;

/// <summary>
/// The protocol over NATS (NATS.Net against nats-server, one server or a cluster). Messages above
/// <see cref="ChunkBytes"/> travel as bounded frames (below the server's default 1 MiB
/// max_payload) and are reassembled within limits; a frame that does not fit is dropped.
/// </summary>
public sealed class NatsTransport : ITransport
{
    /// <summary>The largest frame put on the wire, header included.</summary>
    public const int ChunkBytes = 512 << 10;

    private readonly NatsConnection connection;
    private readonly TimeProvider clock;

    private NatsTransport(NatsConnection connection, int maxMessageBytes, TimeProvider clock)
    {
        this.connection = connection;
        this.clock = clock;
        MaxMessageBytes = maxMessageBytes;
    }

    /// <inheritdoc/>
    public int MaxMessageBytes { get; }

    /// <summary>
    /// Connects to <paramref name="url"/>: comma-separated for several servers of a cluster, tried in
    /// the order given (list the nearest first); when the server goes, the client reconnects to the
    /// next one (or one the cluster told it of) and its subscriptions follow.
    /// </summary>
    public static async Task<NatsTransport> ConnectAsync(string url, string name, int maxMessageBytes = 64 << 20, TimeProvider? clock = null, CancellationToken cancellation = default)
    {
        var connection = new NatsConnection(new NatsOpts
        {
            Url = url,
            Name = name,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromSeconds(1),
            MaxReconnectRetry = -1,
            NoRandomize = true,
        });
        await connection.ConnectAsync().ConfigureAwait(false);
        cancellation.ThrowIfCancellationRequested();
        return new NatsTransport(connection, maxMessageBytes, clock ?? TimeProvider.System);
    }

    /// <inheritdoc/>
    public async ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> message, CancellationToken cancellation = default)
    {
        if (message.Length > MaxMessageBytes)
        {
            throw new ArgumentException($"a {message.Length}-byte message, limit {MaxMessageBytes}", nameof(message));
        }

        foreach (var frame in Reassembler.Split(message, ChunkBytes - Reassembler.HeaderLength))
        {
            await connection.PublishAsync(subject, frame, cancellationToken: cancellation).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<ISubscription> SubscribeAsync(string subject, CancellationToken cancellation = default)
    {
        var sub = await connection.SubscribeCoreAsync<byte[]>(subject, cancellationToken: cancellation).ConfigureAwait(false);
        return new Subscription(sub, new Reassembler(MaxMessageBytes, clock));
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private sealed class Subscription : ISubscription
    {
        private readonly INatsSub<byte[]> sub;
        private readonly Channel<ReadOnlyMemory<byte>> channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(
            new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite, SingleWriter = true });

        private readonly Task pump;

        public Subscription(INatsSub<byte[]> sub, Reassembler reassembler)
        {
            this.sub = sub;
            pump = Task.Run(async () =>
            {
                try
                {
                    await foreach (var msg in sub.Msgs.ReadAllAsync().ConfigureAwait(false))
                    {
                        if (msg.Data is { } data && reassembler.Add(data) is { } whole)
                        {
                            channel.Writer.TryWrite(whole);
                        }
                    }
                }
                finally
                {
                    channel.Writer.TryComplete();
                }
            });
        }

        public ChannelReader<ReadOnlyMemory<byte>> Messages => channel.Reader;

        public async ValueTask DisposeAsync()
        {
            await sub.DisposeAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }
}
