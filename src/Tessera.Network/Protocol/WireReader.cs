using System.Buffers.Binary;
using System.Text;

namespace Tessera.Network.Protocol;

/// <summary>Reads fields off a peer's bytes; any shortfall is a <see cref="ProtocolError.Truncated"/>.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> bytes = bytes;
    private int position;

    public readonly int Remaining => bytes.Length - position;

    public readonly int Position => position;

    public ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > Remaining)
        {
            throw new ProtocolException(ProtocolError.Truncated, $"wanted {n} bytes, {Remaining} left");
        }

        var s = bytes.Slice(position, n);
        position += n;
        return s;
    }

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public float F32() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double F64() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public TaskId TaskId()
    {
        var job = new JobId(new Guid(Take(16)));
        var segment = I32();
        if (segment < 0)
        {
            throw new ProtocolException(ProtocolError.BadField, $"segment index {segment}");
        }

        return new TaskId(job, segment);
    }

    /// <summary>A u32 length then that many bytes, the length checked against <paramref name="max"/> first.</summary>
    public ReadOnlyMemory<byte> Blob(int max)
    {
        var n = U32();
        if (n > (uint)max)
        {
            throw new ProtocolException(ProtocolError.Oversized, $"a {n}-byte field, limit {max}");
        }

        return Take((int)n).ToArray();
    }

    public string Text(int maxBytes)
    {
        var n = U16();
        if (n > maxBytes)
        {
            throw new ProtocolException(ProtocolError.Oversized, $"a {n}-byte text, limit {maxBytes}");
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(n));
        }
        catch (DecoderFallbackException e)
        {
            throw new ProtocolException("text is not UTF-8", e);
        }
    }

    public readonly void End()
    {
        if (Remaining != 0)
        {
            throw new ProtocolException(ProtocolError.TrailingBytes, $"{Remaining} bytes after the last field");
        }
    }
}
