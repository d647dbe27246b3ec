using System.Buffers.Binary;

using Tessera.Hash;
using Tessera.Stark.Proofs;
using Tessera.Vm.Segments;

namespace Tessera.Zkvm;

/// <summary>
/// The binary form of receipts: versioned, little-endian, every length exact and bounded, every
/// digest canonical, nothing after the end. One receipt has one encoding, and decoding bytes
/// from anywhere ends in a receipt or an <see cref="InvalidReceiptException"/>, never another error.
/// </summary>
/// <remarks>
/// <para>Composite: magic "TSRC", version (u8), page shift (u8), code base (u32), code words (u32 n,
/// then n × u32), journal (u32 length, the bytes), segments (u32 count, then each segment).</para>
/// <para>Segment: po2 (u8), the claim (pre pc u32, pre state 32 bytes, post pc u32, post state 32,
/// exited u8 0 or 1, exit code u32, journal before 32, journal after 32, journal bytes u32, cycles u32),
/// the context (32), the seal (u32 length, the <see cref="ProofCodec"/> bytes). A lone segment receipt is magic "TSSG",
/// the version, one segment.</para>
/// </remarks>
public static class ReceiptCodec
{
    /// <summary>The encoding's version.</summary>
    public const byte Version = 1;

    /// <summary>Largest encoded receipt accepted (1 GiB: about 500 segments of 2 MB seals).</summary>
    public const int MaxReceiptBytes = 1 << 30;

    /// <summary>Most segments in one receipt.</summary>
    public const int MaxSegments = 1 << 16;

    /// <summary>Most code words (4 MiB of code).</summary>
    public const int MaxCodeWords = 1 << 20;

    /// <summary>Longest journal (16 MiB).</summary>
    public const int MaxJournalBytes = 1 << 24;

    private const int ClaimBytes = 4 + Digest.ByteLength + 4 + Digest.ByteLength + 1 + 4 + Digest.ByteLength + Digest.ByteLength + 4 + 4;
    private static ReadOnlySpan<byte> CompositeMagic => "TSRC"u8;
    private static ReadOnlySpan<byte> SegmentMagic => "TSSG"u8;

    /// <summary>Encodes a composite receipt.</summary>
    /// <exception cref="ArgumentException">The receipt exceeds a limit or a segment claims more than 2^32 cycles.</exception>
    public static byte[] Encode(CompositeReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Segments.Count is 0 or > MaxSegments || receipt.Code.Length is 0 or > MaxCodeWords || receipt.Journal.Length > MaxJournalBytes)
        {
            throw new ArgumentException("The receipt exceeds the codec's limits.", nameof(receipt));
        }

        long length = 4 + 1 + 1 + 4 + 4 + (4L * receipt.Code.Length) + 4 + receipt.Journal.Length + 4;
        foreach (var s in receipt.Segments)
        {
            length += SegmentBytes(s);
        }

        if (length > MaxReceiptBytes)
        {
            throw new ArgumentException($"The receipt encodes to {length} bytes, more than {MaxReceiptBytes}.", nameof(receipt));
        }

        var w = new Writer(new byte[length]);
        w.Bytes(CompositeMagic);
        w.U8(Version);
        w.U8(checked((byte)receipt.PageShift));
        w.U32(receipt.CodeBase);
        w.U32((uint)receipt.Code.Length);
        foreach (var word in receipt.Code)
        {
            w.U32(word);
        }

        w.U32((uint)receipt.Journal.Length);
        w.Bytes(receipt.Journal);
        w.U32((uint)receipt.Segments.Count);
        foreach (var s in receipt.Segments)
        {
            WriteSegment(ref w, s);
        }

        return w.Done();
    }

    /// <summary>Decodes a composite receipt.</summary>
    /// <exception cref="InvalidReceiptException">The bytes are not one canonical receipt within the limits.</exception>
    public static CompositeReceipt Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxReceiptBytes)
        {
            throw new InvalidReceiptException($"the receipt is {bytes.Length} bytes, more than {MaxReceiptBytes}");
        }

        var r = new Reader(bytes);
        Header(ref r, CompositeMagic, "a composite receipt");
        var pageShift = r.U8();
        if (pageShift is < 6 or > 12)
        {
            throw new InvalidReceiptException($"page shift {pageShift} is outside 6..12");
        }

        var codeBase = r.U32();
        var words = r.Count(MaxCodeWords, 4, "code words");
        if (words == 0 || (codeBase & 3) != 0 || codeBase + (4UL * (ulong)words) > 1UL << 32)
        {
            throw new InvalidReceiptException("the code is empty, misaligned or runs past the address space");
        }

        var code = new uint[words];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = r.U32();
        }

        var journal = r.Take(r.Count(MaxJournalBytes, 1, "journal bytes")).ToArray();
        var count = r.Count(MaxSegments, 1 + ClaimBytes + Digest.ByteLength + 4, "segments");
        if (count == 0)
        {
            throw new InvalidReceiptException("the receipt has no segments");
        }

        var segments = new SegmentReceipt[count];
        for (var i = 0; i < count; i++)
        {
            segments[i] = ReadSegment(ref r);
        }

        r.End();
        return new CompositeReceipt(pageShift, codeBase, code, segments, journal);
    }

    /// <summary>Encodes one segment receipt on its own (what a prover node returns).</summary>
    /// <exception cref="ArgumentException">The seal is too large or the claim holds more than 2^32 cycles.</exception>
    public static byte[] EncodeSegment(SegmentReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var w = new Writer(new byte[4 + 1 + SegmentBytes(receipt)]);
        w.Bytes(SegmentMagic);
        w.U8(Version);
        WriteSegment(ref w, receipt);
        return w.Done();
    }

    /// <summary>Decodes one segment receipt.</summary>
    /// <exception cref="InvalidReceiptException">The bytes are not one canonical segment receipt within the limits.</exception>
    public static SegmentReceipt DecodeSegment(ReadOnlySpan<byte> bytes)
    {
        var r = new Reader(bytes);
        Header(ref r, SegmentMagic, "a segment receipt");
        var s = ReadSegment(ref r);
        r.End();
        return s;
    }

    /// <summary>Bytes of an encoded claim.</summary>
    public const int ClaimLength = ClaimBytes;

    /// <summary>Encodes a segment's claim alone (what a job owner expects a node's receipt to claim).</summary>
    /// <exception cref="ArgumentException">The claim holds more than 2^32 cycles.</exception>
    public static byte[] EncodeClaim(ReceiptClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Cycles > uint.MaxValue)
        {
            throw new ArgumentException("A segment claim holds at most 2^32 cycles.", nameof(claim));
        }

        var w = new Writer(new byte[ClaimBytes]);
        WriteClaim(ref w, claim);
        return w.Done();
    }

    /// <summary>Decodes a claim written by <see cref="EncodeClaim"/>.</summary>
    /// <exception cref="InvalidReceiptException">The bytes are not one canonical claim.</exception>
    public static ReceiptClaim DecodeClaim(ReadOnlySpan<byte> bytes)
    {
        var r = new Reader(bytes);
        var c = ReadClaim(ref r);
        r.End();
        return c;
    }

    private static long SegmentBytes(SegmentReceipt s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Seal.Length > ProofCodec.MaxProofBytes || s.Claim.Cycles > uint.MaxValue || s.Po2 is < 0 or > 255)
        {
            throw new ArgumentException("A segment's seal, cycles or po2 exceed the codec's limits.", nameof(s));
        }

        return 1 + ClaimBytes + Digest.ByteLength + 4 + s.Seal.Length;
    }

    private static void WriteSegment(ref Writer w, SegmentReceipt s)
    {
        w.U8((byte)s.Po2);
        WriteClaim(ref w, s.Claim);
        w.Digest(s.Context);
        w.U32((uint)s.Seal.Length);
        w.Bytes(s.Seal);
    }

    private static void WriteClaim(ref Writer w, ReceiptClaim c)
    {
        w.U32(c.PrePc);
        w.Digest(c.PreState);
        w.U32(c.PostPc);
        w.Digest(c.PostState);
        w.U8(c.Exited ? (byte)1 : (byte)0);
        w.U32(c.ExitCode);
        w.Digest(c.JournalBefore);
        w.Digest(c.JournalAfter);
        w.U32(c.JournalBytes);
        w.U32((uint)c.Cycles);
    }

    private static SegmentReceipt ReadSegment(ref Reader r)
    {
        var po2 = r.U8();
        if (po2 is < UnsupportedPo2Exception.Min or > UnsupportedPo2Exception.Max)
        {
            throw new InvalidReceiptException($"a segment's po2 {po2} is outside {UnsupportedPo2Exception.Min}..{UnsupportedPo2Exception.Max}");
        }

        var claim = ReadClaim(ref r);
        var context = r.Digest();
        var seal = r.Take(r.Count(ProofCodec.MaxProofBytes, 1, "seal bytes")).ToArray();
        return new SegmentReceipt(po2, claim, seal, context);
    }

    private static ReceiptClaim ReadClaim(ref Reader r)
    {
        var prePc = r.U32();
        var pre = r.Digest();
        var postPc = r.U32();
        var post = r.Digest();
        var exited = r.U8() switch
        {
            0 => false,
            1 => true,
            var b => throw new InvalidReceiptException($"exited is 0 or 1, not {b}"),
        };
        var exitCode = r.U32();
        var before = r.Digest();
        var after = r.Digest();
        var journalBytes = r.U32();
        var cycles = r.U32();
        return new ReceiptClaim(prePc, pre, postPc, post, exited, exitCode, before, after, journalBytes, cycles);
    }

    private static void Header(ref Reader r, ReadOnlySpan<byte> magic, string what)
    {
        if (!r.Take(4).SequenceEqual(magic))
        {
            throw new InvalidReceiptException($"not {what} (wrong magic)");
        }

        if (r.U8() is var v && v != Version)
        {
            throw new InvalidReceiptException($"receipt version {v} is not {Version}");
        }
    }

    private ref struct Writer(byte[] buffer)
    {
        private int _at;

        public void U8(byte v) => buffer[_at++] = v;

        public void U32(uint v)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(_at), v);
            _at += 4;
        }

        public void Digest(in Digest d)
        {
            d.WriteBytes(buffer.AsSpan(_at, Hash.Digest.ByteLength));
            _at += Hash.Digest.ByteLength;
        }

        public void Bytes(ReadOnlySpan<byte> b)
        {
            b.CopyTo(buffer.AsSpan(_at));
            _at += b.Length;
        }

        public readonly byte[] Done() => _at == buffer.Length ? buffer : throw new InvalidOperationException("receipt length miscounted");
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || n > _bytes.Length - _at)
            {
                throw new InvalidReceiptException($"the receipt is truncated: {n} bytes wanted at offset {_at}, {_bytes.Length - _at} left");
            }

            var s = _bytes.Slice(_at, n);
            _at += n;
            return s;
        }

        public byte U8() => Take(1)[0];

        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        /// <summary>A count of at most <paramref name="max"/> items of at least <paramref name="minBytes"/> bytes each that can still fit.</summary>
        public int Count(int max, int minBytes, string what)
        {
            var n = U32();
            if (n > (uint)max)
            {
                throw new InvalidReceiptException($"{n} {what}, more than {max}");
            }

            if ((long)n * minBytes > _bytes.Length - _at)
            {
                throw new InvalidReceiptException($"the receipt is truncated: {n} {what} do not fit in the {_bytes.Length - _at} bytes left");
            }

            return (int)n;
        }

        public Digest Digest()
        {
            try
            {
                return Hash.Digest.FromBytes(Take(Hash.Digest.ByteLength));
            }
            catch (NonCanonicalDigestException e)
            {
                throw new InvalidReceiptException($"a digest is not canonical: {e.Message}", e);
            }
        }

        public readonly void End()
        {
            if (_at != _bytes.Length)
            {
                throw new InvalidReceiptException($"{_bytes.Length - _at} bytes follow the receipt");
            }
        }
    }
}
