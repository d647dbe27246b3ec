namespace Tessera.Network.Work;

/// <summary>
/// The work of a build that cannot prove segments yet: it declines every task with a reason, so
/// owners move the task elsewhere at once instead of waiting on a node that will never answer.
/// </summary>
public sealed class UnavailableWork(string reason) : ISegmentWork
{
    /// <inheritdoc/>
    public Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation) =>
        throw new InvalidTaskPayloadException(reason);
}
