using Tessera.Field;
using Tessera.Hash;

namespace Tessera.Zkvm;

/// <summary>
/// The receipts' digests: the Poseidon2 sponge of (tag length, the tag's bytes, payload length,
/// the payload), every item one BabyBear element. The encoding is self-delimiting, so two different
/// (tag, payload) pairs never absorb one sequence and one a prefix-extension of it, which the
/// padding-free sponge needs; the tag separates the kinds of digest, the length binds the payload.
/// 32-bit values enter as two 16-bit limbs, so each has one encoding.
/// </summary>
internal sealed class TaggedHash
{
    private readonly List<BabyBear> _elements;
    private readonly int _payloadStart;

    public TaggedHash(string tag)
    {
        _elements = new List<BabyBear>(96);
        _elements.Add(BabyBear.FromCanonical((uint)tag.Length));
        foreach (var c in tag)
        {
            _elements.Add(BabyBear.FromCanonical(c));
        }

        // The payload length's slot, filled in by Finish.
        _elements.Add(BabyBear.Zero);
        _payloadStart = _elements.Count;
    }

    public TaggedHash Word(uint value)
    {
        _elements.Add(BabyBear.FromCanonical(value & 0xFFFF));
        _elements.Add(BabyBear.FromCanonical(value >> 16));
        return this;
    }

    public TaggedHash Bytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _elements.Add(BabyBear.FromCanonical(b));
        }

        return this;
    }

    public TaggedHash Bit(bool value)
    {
        _elements.Add(value ? BabyBear.One : BabyBear.Zero);
        return this;
    }

    public TaggedHash Digest(in Digest digest)
    {
        for (var i = 0; i < Hash.Digest.Length; i++)
        {
            _elements.Add(digest[i]);
        }

        return this;
    }

    public Digest Finish()
    {
        var payload = _elements.Count - _payloadStart;
        _elements[_payloadStart - 1] = BabyBear.FromCanonical(checked((uint)payload));
        return Poseidon2Sponge.Hash(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_elements));
    }
}
