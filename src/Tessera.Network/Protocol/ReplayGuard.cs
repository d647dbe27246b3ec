namespace Tessera.Network.Protocol;

/// <summary>
/// Recognises messages seen before: per sender, the highest sequence and a 64-message window
/// below it (as IPsec does), plus a freshness bound on timestamps so that the window can forget
/// senders quiet for longer than the bound without letting their old messages back in.
/// Addressing is checked too: a message for another node is not for us, however well signed.
/// </summary>
public sealed class ReplayGuard(NodeId? self, TimeProvider clock, ProtocolLimits? limits = null)
{
    private const int Window = 64;
    private const int PruneAt = 100_000;

    private readonly ProtocolLimits limits = limits ?? ProtocolLimits.Default;
    private readonly Dictionary<NodeId, (ulong Highest, ulong Seen, long LastMs)> senders = [];

    /// <summary>Accepts the message once, or says why not.</summary>
    /// <exception cref="ProtocolException">Addressed elsewhere, stale, or a replay.</exception>
    public void Check(SignedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Recipient is { } to && to != self)
        {
            throw new ProtocolException(ProtocolError.WrongRecipient, $"addressed to {to}");
        }

        var now = clock.GetUtcNow();
        if ((message.Timestamp - now).Duration() > limits.MaxClockSkew)
        {
            throw new ProtocolException(ProtocolError.Stale, $"timestamp {message.Timestamp:O} is too far from {now:O}");
        }

        var seq = message.Sequence;
        if (senders.TryGetValue(message.Sender, out var s))
        {
            if (seq > s.Highest)
            {
                var shift = seq - s.Highest;
                s.Seen = shift >= Window ? 1 : (s.Seen << (int)shift) | 1;
                s.Highest = seq;
            }
            else
            {
                var back = s.Highest - seq;
                if (back >= Window || (s.Seen & (1UL << (int)back)) != 0)
                {
                    throw new ProtocolException(ProtocolError.Replayed, $"sequence {seq} from {message.Sender} seen or too old");
                }

                s.Seen |= 1UL << (int)back;
            }
        }
        else
        {
            if (senders.Count >= PruneAt)
            {
                Prune(now);
            }

            s = (seq, 1, 0);
        }

        s.LastMs = now.ToUnixTimeMilliseconds();
        senders[message.Sender] = s;
    }

    private void Prune(DateTimeOffset now)
    {
        var cutoff = (now - limits.MaxClockSkew - limits.MaxClockSkew).ToUnixTimeMilliseconds();
        foreach (var (id, s) in senders.ToArray())
        {
            if (s.LastMs < cutoff)
            {
                senders.Remove(id);
            }
        }
    }
}
