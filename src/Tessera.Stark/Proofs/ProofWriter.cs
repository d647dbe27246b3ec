using System.Buffers.Binary;

using Tessera.Field;
using Tessera.Hash;

namespace Tessera.Stark.Proofs;

/// <summary>Writes canonical little-endian values.</summary>
internal sealed class ProofWriter
{
    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public void U8(int v) => _bytes.Add(checked((byte)v));

    public void U16(int v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, checked((ushort)v));
        _bytes.AddRange(b);
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => _bytes.AddRange(bytes);

    public void Base(BabyBear v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v.ToCanonical());
        _bytes.AddRange(b);
    }

    public void Ext(BabyBear4 v)
    {
        for (var k = 0; k < 4; k++)
        {
            Base(v[k]);
        }
    }

    public void Exts(IEnumerable<BabyBear4> vs)
    {
        foreach (var v in vs)
        {
            Ext(v);
        }
    }

    public void Digest(in Digest d)
    {
        for (var i = 0; i < Hash.Digest.Length; i++)
        {
            Base(d[i]);
        }
    }
}
