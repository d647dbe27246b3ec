using Tessera.Network.Transport;

namespace Tessera.Network.Tests.Transport;

/// <summary>
/// A transport whose sends throw, as NATS.Net's do while a connection is re-established: the
/// first <c>failures</c> sends that <c>fails</c> picks, then everything passes through.
/// </summary>
internal sealed class FailingSends(ITransport inner, Func<string, ReadOnlyMemory<byte>, bool> fails, int failures = int.MaxValue) : ITransport
{
    private int failed;

    /// <summary>Sends that threw so far.</summary>
    public int Failed => Volatile.Read(ref failed);

    public int MaxMessageBytes => inner.MaxMessageBytes;

    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> message, CancellationToken cancellation = default)
    {
        if (Volatile.Read(ref failed) < failures && fails(subject, message))
        {
            Interlocked.Increment(ref failed);
            throw new IOException("connection being re-established");
        }

        return inner.PublishAsync(subject, message, cancellation);
    }

    public ValueTask<ISubscription> SubscribeAsync(string subject, CancellationToken cancellation = default) => inner.SubscribeAsync(subject, cancellation);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
