using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Tessera.Network.Protocol;

/// <summary>Writes fields in the layout <see cref="WireReader"/> reads.</summary>
internal sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new(256);

    public int Length => buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    public void Bytes(ReadOnlySpan<byte> b) => buffer.Write(b);

    public void U8(byte v) => buffer.Write([v]);

    public void U16(ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(Span(2), v);

    public void I32(int v) => BinaryPrimitives.WriteInt32LittleEndian(Span(4), v);

    public void U32(uint v) => BinaryPrimitives.WriteUInt32LittleEndian(Span(4), v);

    public void U64(ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(Span(8), v);

    public void I64(long v) => BinaryPrimitives.WriteInt64LittleEndian(Span(8), v);

    public void F32(float v) => BinaryPrimitives.WriteSingleLittleEndian(Span(4), v);

    public void F64(double v) => BinaryPrimitives.WriteDoubleLittleEndian(Span(8), v);

    public void TaskId(TaskId t)
    {
        t.Job.Value.TryWriteBytes(Span(16));
        I32(t.Segment);
    }

    public void Blob(ReadOnlySpan<byte> b)
    {
        U32((uint)b.Length);
        Bytes(b);
    }

    public void Text(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        U16((ushort)Math.Min(b.Length, ushort.MaxValue));
        Bytes(b.AsSpan(0, Math.Min(b.Length, ushort.MaxValue)));
    }

    private Span<byte> Span(int n)
    {
        var s = buffer.GetSpan(n)[..n];
        buffer.Advance(n);
        return s;
    }
}
