namespace Tessera.Network.Protocol;

/// <summary>
/// A sender's message counter: the process's start time in milliseconds in the high bits and a
/// count in the low 24, so it keeps increasing across restarts without being stored, and
/// consecutive messages differ by one (the receiver's replay window counts messages, not time).
/// </summary>
public sealed class SequenceCounter(TimeProvider clock)
{
    private readonly ulong epoch = (ulong)Math.Max(0, clock.GetUtcNow().ToUnixTimeMilliseconds()) << 24;
    private long count;

    /// <summary>The next sequence number.</summary>
    public ulong Next() => epoch + (ulong)Interlocked.Increment(ref count);
}
