using Microsoft.Extensions.Logging;

using Tessera.Network.Identity;
using Tessera.Network.Transport;

namespace Tessera.Network.Protocol;

/// <summary>
/// One party's end of the protocol: signs and sends its messages, and lets in only what decodes,
/// verifies, is addressed to it and has not been seen. What it drops it logs and counts; it
/// never throws on what a peer sent.
/// </summary>
public sealed partial class Peer(NodeKey key, ITransport transport, TimeProvider clock, ILogger logger, ProtocolLimits? limits = null)
{
    private readonly ProtocolLimits limits = limits ?? new ProtocolLimits { MaxMessageBytes = transport.MaxMessageBytes };
    private readonly SequenceCounter sequence = new(clock);
    private readonly ReplayGuard guard = new(key.Id, clock, limits);
    private long dropped;

    /// <summary>This party's key.</summary>
    public NodeKey Key => key;

    /// <summary>The transport it speaks over.</summary>
    public ITransport Transport => transport;

    /// <summary>Messages dropped so far.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Signs and sends <paramref name="body"/> to <paramref name="to"/>'s inbox, or to everyone on <paramref name="subject"/>.</summary>
    public ValueTask SendAsync(Message body, NodeId? to, string? subject = null, CancellationToken cancellation = default)
    {
        var bytes = MessageCodec.Encode(body, key, to, sequence.Next(), clock.GetUtcNow());
        var where = subject ?? (to is { } id ? Subjects.Inbox(id) : throw new ArgumentException("no recipient and no subject", nameof(subject)));
        return transport.PublishAsync(where, bytes, cancellation);
    }

    /// <summary>The message, or null (logged) when it is malformed, forged, misaddressed, stale or a replay.</summary>
    public SignedMessage? Accept(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            var m = MessageCodec.Decode(bytes.Span, limits);
            lock (guard)
            {
                guard.Check(m);
            }

            return m;
        }
        catch (ProtocolException e)
        {
            Interlocked.Increment(ref dropped);
            NetworkMetrics.Dropped.Add(1, new KeyValuePair<string, object?>("error", e.Error.ToString()));
            LogDropped(logger, e.Error, bytes.Length, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "dropped a message ({Error}, {Bytes} bytes): {Reason}")]
    private static partial void LogDropped(ILogger logger, ProtocolError error, int bytes, string reason);
}
