namespace Tessera.Network.Protocol;

/// <summary>
/// A sender's message counter: microseconds since the epoch, bumped past the last value, so it
/// keeps increasing across restarts without being stored.
/// </summary>
public sealed class SequenceCounter(TimeProvider clock)
{
    private ulong last;

    /// <summary>The next sequence number.</summary>
    public ulong Next()
    {
        var now = (ulong)Math.Max(0, (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10);
        lock (this)
        {
            last = Math.Max(last + 1, now);
            return last;
        }
    }
}
