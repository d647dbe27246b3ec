using System.Buffers.Binary;

using Tessera.Circuit;
using Tessera.Network.Owner;
using Tessera.Vm;
using Tessera.Vm.Segments;
using Tessera.Zkvm;

namespace Tessera.Network.Work;

/// <summary>
/// rv32im segments as network tasks: the payload a node proves (the program's code and the
/// segment's record, so a node needs nothing else), the claim the owner expects back, and the
/// composite receipt assembled from the verified results.
/// </summary>
/// <remarks>
/// Payload: "TSWK", version u8, page shift u8, code base u32, code words (u32 n, n × u32), then the
/// <see cref="SegmentCodec"/> record to the end. A payload that is not exactly this is refused with
/// <see cref="InvalidTaskPayloadException"/>.
/// </remarks>
public static class SegmentTasks
{
    /// <summary>The payload encoding's version.</summary>
    public const byte Version = 1;

    private const int HeaderBytes = 4 + 1 + 1 + 4 + 4;

    private static ReadOnlySpan<byte> Magic => "TSWK"u8;

    /// <summary>The task of <paramref name="record"/> for the program of <paramref name="circuit"/>.</summary>
    public static SegmentSpec Spec(Rv32imCircuit circuit, SegmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(record);
        return new SegmentSpec(record.Po2, Payload(circuit, record), ReceiptCodec.EncodeClaim(ReceiptClaim.Of(record)));
    }

    /// <summary>The payload of <paramref name="record"/>'s task.</summary>
    public static byte[] Payload(Rv32imCircuit circuit, SegmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var code = circuit.Code;
        var rec = SegmentCodec.Serialize(record);
        var b = new byte[HeaderBytes + (4 * code.Length) + rec.Length];
        Magic.CopyTo(b);
        b[4] = Version;
        b[5] = (byte)circuit.Layout.PageShift;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(6), circuit.CodeBase);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(10), (uint)code.Length);
        for (var i = 0; i < code.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(HeaderBytes + (4 * i)), code[i]);
        }

        rec.CopyTo(b, HeaderBytes + (4 * code.Length));
        return b;
    }

    /// <summary>
    /// The composite receipt of a finished job: each verified result is a segment receipt, in
    /// segment order, joined with the program's code and the journal.
    /// </summary>
    /// <exception cref="InvalidReceiptException">A stored result is not a segment receipt.</exception>
    public static CompositeReceipt Assemble(Rv32imCircuit circuit, JobOutcome outcome, byte[] journal)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(outcome);
        var segments = outcome.Results.Select(r => ReceiptCodec.DecodeSegment(r.Result)).ToArray();
        return new CompositeReceipt(circuit.Layout.PageShift, circuit.CodeBase, circuit.Code.ToArray(), segments, journal);
    }

    /// <summary>Reads a payload.</summary>
    /// <exception cref="InvalidTaskPayloadException">It is not one.</exception>
    internal static (int PageShift, uint CodeBase, uint[] Code, SegmentRecord Record) Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < HeaderBytes || !payload[..4].SequenceEqual(Magic) || payload[4] != Version)
        {
            throw new InvalidTaskPayloadException("not an rv32im segment task of version 1");
        }

        var shift = payload[5];
        var codeBase = BinaryPrimitives.ReadUInt32LittleEndian(payload[6..]);
        var words = BinaryPrimitives.ReadUInt32LittleEndian(payload[10..]);
        if (shift is < 6 or > 12 || words is 0 or > ReceiptCodec.MaxCodeWords || (codeBase & 3) != 0
            || codeBase + (4UL * words) > 1UL << 32 || HeaderBytes + (4L * words) > payload.Length)
        {
            throw new InvalidTaskPayloadException("the task's code is empty, misaligned, too long or truncated");
        }

        var code = new uint[words];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = BinaryPrimitives.ReadUInt32LittleEndian(payload[(HeaderBytes + (4 * i))..]);
        }

        try
        {
            return (shift, codeBase, code, SegmentCodec.Deserialize(payload[(HeaderBytes + (4 * code.Length))..]));
        }
        catch (InvalidSegmentException e)
        {
            throw new InvalidTaskPayloadException($"the task's record: {e.Message}", e);
        }
    }
}
