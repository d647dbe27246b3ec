using System.Buffers.Binary;

using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Merkle;

namespace Tessera.Stark.Proofs;

/// <summary>Reads canonical little-endian values; any shortfall or non-canonical value is a verification failure.</summary>
internal ref struct ProofReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _at;

    public readonly int Remaining => _data.Length - _at;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (Remaining < n)
        {
            throw new VerificationFailedException("Proof is truncated.");
        }

        var s = _data.Slice(_at, n);
        _at += n;
        return s;
    }

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public BabyBear Base()
    {
        var w = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        if (w >= BabyBear.Modulus)
        {
            throw new VerificationFailedException("Proof holds a non-canonical field element.");
        }

        return BabyBear.FromCanonical(w);
    }

    public BabyBear4 Ext() => new(Base(), Base(), Base(), Base());

    public BabyBear4[] Exts(int n)
    {
        var r = new BabyBear4[n];
        for (var i = 0; i < n; i++)
        {
            r[i] = Ext();
        }

        return r;
    }

    public BabyBear[] Bases(int n)
    {
        var r = new BabyBear[n];
        for (var i = 0; i < n; i++)
        {
            r[i] = Base();
        }

        return r;
    }

    /// <summary>A batch opening with at most <paramref name="maxRows"/> rows per matrix.</summary>
    public MerkleBatchOpening Batch(int maxRows)
    {
        var rest = _data[_at..];
        var before = rest.Length;
        try
        {
            var batch = MerkleBatchOpening.ReadFrom(ref rest, maxRows);
            _at += before - rest.Length;
            return batch;
        }
        catch (MerkleFormatException e)
        {
            throw new VerificationFailedException($"Malformed batch opening: {e.Message}");
        }
    }

    public Digest Digest()
    {
        Span<BabyBear> e = stackalloc BabyBear[Hash.Digest.Length];
        for (var i = 0; i < e.Length; i++)
        {
            e[i] = Base();
        }

        return new Digest(e);
    }

    public Digest[] Digests(int n)
    {
        var r = new Digest[n];
        for (var i = 0; i < n; i++)
        {
            r[i] = Digest();
        }

        return r;
    }
}
