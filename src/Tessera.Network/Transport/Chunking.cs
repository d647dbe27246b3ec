using System.Buffers.Binary;

namespace Tessera.Network.Transport;

/// <summary>
/// Splits a message into frames no larger than a server accepts, and puts frames back together
/// within bounds. Frames come from anyone on a subject, so a receiver holds at most
/// <see cref="MaxPartials"/> unfinished messages, together at most twice the transport's limit,
/// each for at most <see cref="PartialLifetime"/>. A malformed frame is dropped and counted.
/// </summary>
/// <remarks>Frame: "TC" (u16), message id (16), index, count, total length, chunk size (i32 each), data.</remarks>
internal sealed class Reassembler(int maxMessageBytes, TimeProvider clock)
{
    public const int HeaderLength = 2 + 16 + (4 * 4);
    public const int MaxPartials = 64;
    public static readonly TimeSpan PartialLifetime = TimeSpan.FromSeconds(60);
    private const ushort Magic = 0x4354; // "TC"

    private readonly Dictionary<Guid, Partial> partials = [];
    private long buffered;

    public long Dropped { get; private set; }

    public static IEnumerable<byte[]> Split(ReadOnlyMemory<byte> message, int chunkBytes)
    {
        var id = Guid.NewGuid();
        var count = Math.Max(1, (message.Length + chunkBytes - 1) / chunkBytes);
        for (var i = 0; i < count; i++)
        {
            var start = i * chunkBytes;
            var n = Math.Min(chunkBytes, message.Length - start);
            var frame = new byte[HeaderLength + n];
            BinaryPrimitives.WriteUInt16LittleEndian(frame, Magic);
            id.TryWriteBytes(frame.AsSpan(2));
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(18), i);
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(22), count);
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(26), message.Length);
            BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(30), chunkBytes);
            message.Span.Slice(start, n).CopyTo(frame.AsSpan(HeaderLength));
            yield return frame;
        }
    }

    /// <summary>Takes a frame; returns the whole message when this frame completes one.</summary>
    public byte[]? Add(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < HeaderLength || BinaryPrimitives.ReadUInt16LittleEndian(frame) != Magic)
        {
            return Drop();
        }

        var id = new Guid(frame.Slice(2, 16));
        var index = BinaryPrimitives.ReadInt32LittleEndian(frame[18..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(frame[22..]);
        var total = BinaryPrimitives.ReadInt32LittleEndian(frame[26..]);
        var chunk = BinaryPrimitives.ReadInt32LittleEndian(frame[30..]);
        var data = frame[HeaderLength..];
        if (total < 0 || total > maxMessageBytes || chunk < 1 || count < 1 || index < 0 || index >= count
            || (long)(count - 1) * chunk >= Math.Max(1, total) || (long)count * chunk < total)
        {
            return Drop();
        }

        var expected = index < count - 1 ? chunk : total - ((count - 1) * chunk);
        if (data.Length != expected)
        {
            return Drop();
        }

        if (count == 1)
        {
            return data.ToArray();
        }

        var now = clock.GetUtcNow();
        if (!partials.TryGetValue(id, out var p))
        {
            Expire(now);
            if (partials.Count >= MaxPartials || buffered + total > 2L * maxMessageBytes)
            {
                return Drop();
            }

            p = new Partial(total, count, chunk, now);
            partials.Add(id, p);
            buffered += total;
        }

        if (p.Total != total || p.Count != count || p.Chunk != chunk || p.Have[index])
        {
            return Drop();
        }

        data.CopyTo(p.Buffer.AsSpan(index * chunk));
        p.Have[index] = true;
        if (++p.Received < count)
        {
            return null;
        }

        Forget(id, p);
        return p.Buffer;
    }

    private byte[]? Drop()
    {
        Dropped++;
        return null;
    }

    private void Forget(Guid id, Partial p)
    {
        partials.Remove(id);
        buffered -= p.Total;
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var (id, p) in partials.ToArray())
        {
            if (now - p.Started > PartialLifetime)
            {
                Forget(id, p);
                Dropped++;
            }
        }
    }

    private sealed class Partial(int total, int count, int chunk, DateTimeOffset started)
    {
        public int Total { get; } = total;

        public int Count { get; } = count;

        public int Chunk { get; } = chunk;

        public DateTimeOffset Started { get; } = started;

        public byte[] Buffer { get; } = new byte[total];

        public bool[] Have { get; } = new bool[count];

        public int Received { get; set; }
    }
}
