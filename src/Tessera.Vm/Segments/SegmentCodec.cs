using Tessera.Hash;

namespace Tessera.Vm.Segments;

/// <summary>Compact binary encoding of <see cref="SegmentRecord"/> (little-endian, length-prefixed arrays).</summary>
public static class SegmentCodec
{
    private const uint Magic = 0x4745_5354; // "TSEG"
    private const byte Version = 2;

    /// <summary>Encodes a record.</summary>
    public static byte[] Serialize(SegmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write(Magic);
        w.Write(Version);
        w.Write(record.Index);
        w.Write((byte)record.Po2);
        w.Write((byte)record.PageShift);
        w.Write(record.CodeBase);
        w.Write(record.CodeBytes);
        WriteState(w, record.Pre);
        WriteState(w, record.Post);
        w.Write7BitEncodedInt(record.Pages.Length);
        foreach (var p in record.Pages)
        {
            w.Write(p);
        }

        w.Write(record.PageData);
        w.Write7BitEncodedInt(record.Proof.Length);
        foreach (var d in record.Proof)
        {
            w.Write(d.ToBytes());
        }

        w.Write7BitEncodedInt(record.WrittenPages.Length);
        foreach (var p in record.WrittenPages)
        {
            w.Write(p);
        }

        w.Write7BitEncodedInt(record.Input.Length);
        w.Write(record.Input);
        w.Write(record.JournalBefore.ToBytes());
        w.Write7BitEncodedInt(record.Journal.Length);
        w.Write(record.Journal);
        w.Write7BitEncodedInt64(record.UserCycles);
        w.Write7BitEncodedInt64(record.PagingCycles);
        w.Write(record.Exited);
        w.Write(record.ExitCode);
        w.Flush();
        return ms.ToArray();
    }

    /// <summary>Decodes a record.</summary>
    /// <exception cref="InvalidSegmentException">The bytes are not a record of this version.</exception>
    public static SegmentRecord Deserialize(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes.ToArray()));
            if (r.ReadUInt32() != Magic || r.ReadByte() != Version)
            {
                throw new InvalidSegmentException("not a segment record of version 2");
            }

            var index = r.ReadInt32();
            var po2 = r.ReadByte();
            var pageShift = r.ReadByte();
            var codeBase = r.ReadUInt32();
            var codeBytes = r.ReadUInt32();
            var pre = ReadState(r);
            var post = ReadState(r);
            var pages = new uint[r.Read7BitEncodedInt()];
            for (var i = 0; i < pages.Length; i++)
            {
                pages[i] = r.ReadUInt32();
            }

            var pageData = r.ReadBytes(pages.Length << pageShift);
            var proof = new Digest[r.Read7BitEncodedInt()];
            for (var i = 0; i < proof.Length; i++)
            {
                proof[i] = Digest.FromBytes(r.ReadBytes(Digest.ByteLength));
            }

            var written = new uint[r.Read7BitEncodedInt()];
            for (var i = 0; i < written.Length; i++)
            {
                written[i] = r.ReadUInt32();
            }

            var input = r.ReadBytes(r.Read7BitEncodedInt());
            var journalBefore = Digest.FromBytes(r.ReadBytes(Digest.ByteLength));
            var journal = r.ReadBytes(r.Read7BitEncodedInt());
            var user = r.Read7BitEncodedInt64();
            var paging = r.Read7BitEncodedInt64();
            var exited = r.ReadBoolean();
            var exitCode = r.ReadUInt32();
            if (r.BaseStream.Position != r.BaseStream.Length)
            {
                throw new InvalidSegmentException("trailing bytes after the segment record");
            }

            return new SegmentRecord
            {
                Index = index,
                Po2 = po2,
                PageShift = pageShift,
                CodeBase = codeBase,
                CodeBytes = codeBytes,
                Pre = pre,
                Post = post,
                Pages = pages,
                PageData = pageData,
                Proof = proof,
                WrittenPages = written,
                Input = input,
                JournalBefore = journalBefore,
                Journal = journal,
                UserCycles = user,
                PagingCycles = paging,
                Exited = exited,
                ExitCode = exitCode,
            };
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or NonCanonicalDigestException)
        {
            throw new InvalidSegmentException("malformed segment record", e);
        }
    }

    private static void WriteState(BinaryWriter w, SystemState s)
    {
        w.Write(s.Pc);
        for (var i = 1; i < 32; i++)
        {
            w.Write(s.Registers[i]);
        }

        w.Write(s.Digest.ToBytes());
    }

    private static SystemState ReadState(BinaryReader r)
    {
        var pc = r.ReadUInt32();
        var regs = new uint[32];
        for (var i = 1; i < 32; i++)
        {
            regs[i] = r.ReadUInt32();
        }

        return new SystemState(pc, regs, Digest.FromBytes(r.ReadBytes(Digest.ByteLength)));
    }
}
