using Tessera.Network.Identity;
using Tessera.Network.Scheduling;

namespace Tessera.Network.Protocol;

/// <summary>
/// The one binary encoding of the protocol: a signed envelope around a message body.
/// </summary>
/// <remarks>
/// Layout, little-endian: magic "TNET" (u32), version (u8), kind (u8), sender public key (32),
/// recipient node id (32, zeros for everyone), sequence (u64), timestamp (i64, Unix ms), body
/// length (u32), body, Ed25519 signature (64) over a domain tag and every byte before it.
/// Decoding checks the size limit before reading, every length against the bytes left and its
/// own limit, the exact end of each body and of the envelope, and the signature; everything that
/// goes wrong is a <see cref="ProtocolException"/>, nothing else.
/// </remarks>
public static class MessageCodec
{
    /// <summary>The protocol version this build speaks.</summary>
    public const byte Version = 2;

    private const uint Magic = 0x54454E54; // "TNET" little-endian
    private const int HeaderLength = 4 + 1 + 1 + NodeKey.PublicKeyLength + NodeId.ByteLength + 8 + 8 + 4;
    private static readonly byte[] Domain = "tessera/net/v1\0"u8.ToArray();

    /// <summary>Encodes and signs <paramref name="body"/> from <paramref name="sender"/>.</summary>
    public static byte[] Encode(Message body, NodeKey sender, NodeId? recipient, ulong sequence, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(sender);
        var b = new WireWriter();
        WriteBody(b, body);
        var w = new WireWriter();
        w.U32(Magic);
        w.U8(Version);
        w.U8((byte)body.Kind);
        w.Bytes(sender.PublicKey);
        Span<byte> to = stackalloc byte[NodeId.ByteLength];
        to.Clear();
        recipient?.WriteTo(to);
        w.Bytes(to);
        w.U64(sequence);
        w.I64(timestamp.ToUnixTimeMilliseconds());
        w.Blob(b.Written);
        var signature = sender.Sign(Signed(w.Written));
        w.Bytes(signature);
        return w.Written.ToArray();
    }

    /// <summary>Decodes a message and checks its signature.</summary>
    /// <exception cref="ProtocolException">Anything wrong with it.</exception>
    public static SignedMessage Decode(ReadOnlySpan<byte> bytes, ProtocolLimits? limits = null)
    {
        limits ??= ProtocolLimits.Default;
        if (bytes.Length > limits.MaxMessageBytes)
        {
            throw new ProtocolException(ProtocolError.Oversized, $"a {bytes.Length}-byte message, limit {limits.MaxMessageBytes}");
        }

        if (bytes.Length < HeaderLength + NodeKey.SignatureLength)
        {
            throw new ProtocolException(ProtocolError.Truncated, $"a {bytes.Length}-byte message is shorter than an envelope");
        }

        var r = new WireReader(bytes);
        if (r.U32() != Magic)
        {
            throw new ProtocolException(ProtocolError.UnknownVersion, "not a Tessera network message");
        }

        var version = r.U8();
        if (version != Version)
        {
            throw new ProtocolException(ProtocolError.UnknownVersion, $"protocol version {version}, this build speaks {Version}");
        }

        var kind = (MessageKind)r.U8();
        var key = r.Take(NodeKey.PublicKeyLength).ToArray();
        var to = r.Take(NodeId.ByteLength);
        NodeId? recipient = to.IndexOfAnyExcept((byte)0) < 0 ? null : NodeId.FromBytes(to);
        var sequence = r.U64();
        var ms = r.I64();
        var bodyLength = r.U32();
        if (bodyLength != (uint)(r.Remaining - NodeKey.SignatureLength))
        {
            throw new ProtocolException(
                bodyLength > (uint)r.Remaining ? ProtocolError.Truncated : ProtocolError.TrailingBytes,
                $"body length {bodyLength} does not match the {r.Remaining} bytes left");
        }

        var body = r.Take((int)bodyLength);
        var signedLength = r.Position;
        var signature = r.Take(NodeKey.SignatureLength);
        r.End();
        if (!NodeKey.Verify(key, Signed(bytes[..signedLength]), signature))
        {
            throw new ProtocolException(ProtocolError.BadSignature, "signature does not match the sender's key");
        }

        if (ms < -62135596800000L || ms > 253402300799999L)
        {
            throw new ProtocolException(ProtocolError.BadField, $"timestamp {ms} ms is out of range");
        }

        var message = ReadBody(kind, body, limits);
        return new SignedMessage(NodeId.FromPublicKey(key), key, recipient, sequence, DateTimeOffset.FromUnixTimeMilliseconds(ms), message);
    }

    private static byte[] Signed(ReadOnlySpan<byte> envelope)
    {
        var m = new byte[Domain.Length + envelope.Length];
        Domain.CopyTo(m, 0);
        envelope.CopyTo(m.AsSpan(Domain.Length));
        return m;
    }

    private static void WriteBody(WireWriter w, Message body)
    {
        switch (body)
        {
            case Advert a:
                w.U8((byte)a.MaxPo2);
                w.U16((ushort)Math.Clamp(a.Workers, 0, ushort.MaxValue));
                w.F64(a.ProvingHz);
                break;
            case Offer o:
                w.TaskId(o.Task);
                w.U64(o.Nonce);
                w.U8((byte)o.Po2);
                w.Blob(o.Payload.Span);
                break;
            case Claim c:
                w.TaskId(c.Task);
                w.U64(c.Nonce);
                break;
            case Decline d:
                w.TaskId(d.Task);
                w.U64(d.Nonce);
                w.U8(d.Busy ? (byte)1 : (byte)0);
                w.Text(d.Reason);
                break;
            case Heartbeat h:
                w.U16((ushort)h.Tasks.Count);
                foreach (var t in h.Tasks)
                {
                    w.TaskId(t.Task);
                    w.U64(t.Nonce);
                    w.F32(t.Progress);
                }

                break;
            case Result res:
                w.TaskId(res.Task);
                w.U64(res.Nonce);
                w.Blob(res.Payload.Span);
                break;
            case Cancel c:
                w.TaskId(c.Task);
                w.U64(c.Nonce);
                w.U8((byte)c.Reason);
                break;
            default:
                throw new ArgumentException($"no encoding for {body.GetType().Name}", nameof(body));
        }
    }

    private static Message ReadBody(MessageKind kind, ReadOnlySpan<byte> bytes, ProtocolLimits limits)
    {
        var r = new WireReader(bytes);
        Message m;
        switch (kind)
        {
            case MessageKind.Advert:
                var maxPo2 = r.U8();
                var workers = r.U16();
                var hz = r.F64();
                if (maxPo2 > 32 || !double.IsFinite(hz) || hz < 0)
                {
                    throw new ProtocolException(ProtocolError.BadField, "advert out of range");
                }

                m = new Advert(maxPo2, workers, hz);
                break;
            case MessageKind.Offer:
                var task = r.TaskId();
                var nonce = r.U64();
                var po2 = r.U8();
                if (po2 > 32)
                {
                    throw new ProtocolException(ProtocolError.BadField, $"po2 {po2}");
                }

                m = new Offer(task, nonce, po2, r.Blob(limits.MaxMessageBytes));
                break;
            case MessageKind.Claim:
                m = new Claim(r.TaskId(), r.U64());
                break;
            case MessageKind.Decline:
                var (declined, declinedNonce) = (r.TaskId(), r.U64());
                var busy = r.U8() switch
                {
                    0 => false,
                    1 => true,
                    var b => throw new ProtocolException(ProtocolError.BadField, $"busy flag {b}"),
                };
                m = new Decline(declined, declinedNonce, r.Text(limits.MaxReasonBytes), busy);
                break;
            case MessageKind.Heartbeat:
                var n = r.U16();
                if (n > limits.MaxHeartbeatTasks)
                {
                    throw new ProtocolException(ProtocolError.Oversized, $"{n} tasks in a heartbeat, limit {limits.MaxHeartbeatTasks}");
                }

                var tasks = new TaskProgress[n];
                for (var i = 0; i < n; i++)
                {
                    var t = r.TaskId();
                    var tn = r.U64();
                    var p = r.F32();
                    if (!float.IsFinite(p) || p < 0 || p > 1)
                    {
                        throw new ProtocolException(ProtocolError.BadField, $"progress {p}");
                    }

                    tasks[i] = new TaskProgress(t, tn, p);
                }

                m = new Heartbeat(tasks);
                break;
            case MessageKind.Result:
                m = new Result(r.TaskId(), r.U64(), r.Blob(limits.MaxMessageBytes));
                break;
            case MessageKind.Cancel:
                var ct = r.TaskId();
                var cn = r.U64();
                var reason = r.U8();
                if (!Enum.IsDefined((CancelReason)reason))
                {
                    throw new ProtocolException(ProtocolError.BadField, $"cancel reason {reason}");
                }

                m = new Cancel(ct, cn, (CancelReason)reason);
                break;
            default:
                throw new ProtocolException(ProtocolError.UnknownKind, $"message kind {(byte)kind}");
        }

        r.End();
        return m;
    }
}
