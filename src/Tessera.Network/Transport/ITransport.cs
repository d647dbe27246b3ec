using System.Threading.Channels;

namespace Tessera.Network.Transport;

/// <summary>
/// Moves opaque messages by subject: what the protocol needs and no more. Delivery is at most
/// once and unordered across subjects; the protocol's signatures, sequences and nonces make
/// that enough. Both transports (in-process, NATS) run the same protocol code over this.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>The largest message this transport carries (and accepts from peers).</summary>
    int MaxMessageBytes { get; }

    /// <summary>Sends <paramref name="message"/> to every current subscriber of <paramref name="subject"/>.</summary>
    /// <exception cref="ArgumentException">Larger than <see cref="MaxMessageBytes"/>.</exception>
    ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> message, CancellationToken cancellation = default);

    /// <summary>Subscribes; messages published after this returns are delivered.</summary>
    ValueTask<ISubscription> SubscribeAsync(string subject, CancellationToken cancellation = default);
}

/// <summary>An open subscription. Dispose it to stop receiving.</summary>
public interface ISubscription : IAsyncDisposable
{
    /// <summary>Whole messages, as sent (reassembled where the transport chunked them).</summary>
    ChannelReader<ReadOnlyMemory<byte>> Messages { get; }
}

/// <summary>The subjects the protocol uses.</summary>
public static class Subjects
{
    /// <summary>Where nodes advertise themselves to every job owner.</summary>
    public const string Adverts = "tessera.v1.adverts";

    /// <summary>Where a node, or an owner, receives what is addressed to it.</summary>
    public static string Inbox(NodeId id) => $"tessera.v1.inbox.{id.ToHex()}";
}
