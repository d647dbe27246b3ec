using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Tessera.Network.Transport;

/// <summary>
/// The embedded transport: one process, no server. Used by <c>tessera prove</c> and the tests;
/// it copies each message so no two parties share a buffer.
/// </summary>
public sealed class InProcessTransport(int maxMessageBytes = 64 << 20) : ITransport
{
    private readonly ConcurrentDictionary<string, ImmutableSubscribers> subjects = new();

    /// <inheritdoc/>
    public int MaxMessageBytes { get; } = maxMessageBytes;

    /// <inheritdoc/>
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> message, CancellationToken cancellation = default)
    {
        if (message.Length > MaxMessageBytes)
        {
            throw new ArgumentException($"a {message.Length}-byte message, limit {MaxMessageBytes}", nameof(message));
        }

        if (subjects.TryGetValue(subject, out var subs))
        {
            foreach (var s in subs.Items)
            {
                s.Deliver(message.ToArray());
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<ISubscription> SubscribeAsync(string subject, CancellationToken cancellation = default)
    {
        var sub = new Sub(this, subject);
        subjects.AddOrUpdate(subject, _ => new([sub]), (_, old) => new([.. old.Items, sub]));
        return ValueTask.FromResult<ISubscription>(sub);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        foreach (var subs in subjects.Values)
        {
            foreach (var s in subs.Items)
            {
                s.Complete();
            }
        }

        subjects.Clear();
        return ValueTask.CompletedTask;
    }

    private void Remove(Sub sub) =>
        subjects.AddOrUpdate(sub.Subject, _ => new([]), (_, old) => new([.. old.Items.Where(s => s != sub)]));

    private sealed record ImmutableSubscribers(Sub[] Items);

    private sealed class Sub(InProcessTransport owner, string subject) : ISubscription
    {
        private readonly Channel<ReadOnlyMemory<byte>> channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(
            new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropWrite });

        public string Subject { get; } = subject;

        public ChannelReader<ReadOnlyMemory<byte>> Messages => channel.Reader;

        public void Deliver(byte[] message) => channel.Writer.TryWrite(message);

        public void Complete() => channel.Writer.TryComplete();

        public ValueTask DisposeAsync()
        {
            owner.Remove(this);
            Complete();
            return ValueTask.CompletedTask;
        }
    }
}
