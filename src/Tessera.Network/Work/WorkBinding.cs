namespace Tessera.Network.Work;

/// <summary>
/// What a result is bound to: the task, the assignment (a fresh nonce per assignment) and the
/// prover. A proof system binds these into its transcript, so that a proof cannot be passed off
/// by another node, for another segment, or for another assignment of the same segment.
/// </summary>
/// <param name="Task">The segment.</param>
/// <param name="Nonce">The assignment's nonce, chosen by the job owner.</param>
/// <param name="Prover">The node that proves it.</param>
public sealed record WorkBinding(TaskId Task, ulong Nonce, NodeId Prover)
{
    /// <summary>Bytes of <see cref="Write"/>'s output.</summary>
    public const int ByteLength = JobId.ByteLength + 4 + 8 + NodeId.ByteLength;

    /// <summary>A canonical encoding for transcripts and MACs.</summary>
    public byte[] ToBytes()
    {
        var b = new byte[ByteLength];
        Write(b);
        return b;
    }

    /// <summary>Writes the canonical encoding.</summary>
    public void Write(Span<byte> destination)
    {
        Task.Job.Value.TryWriteBytes(destination);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(destination[16..], Task.Segment);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[20..], Nonce);
        Prover.WriteTo(destination[28..]);
    }
}
