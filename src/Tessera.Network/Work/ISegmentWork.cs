namespace Tessera.Network.Work;

/// <summary>
/// What a prover node does with a task: turn its payload (a serialized segment record) into a
/// result payload (a segment receipt) bound to <see cref="WorkBinding"/>. The network never looks
/// inside either; it moves bytes and asks <see cref="ISegmentVerifier"/> about them.
/// </summary>
public interface ISegmentWork
{
    /// <summary>Proves the task. Reports progress in [0, 1]; stops promptly when cancelled.</summary>
    /// <exception cref="InvalidTaskPayloadException">The payload is not something this work can prove.</exception>
    Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation);
}

/// <summary>A task payload a node cannot prove (malformed, or too large for it). The node declines the task.</summary>
public sealed class InvalidTaskPayloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidTaskPayloadException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public InvalidTaskPayloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    public InvalidTaskPayloadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
