using System.Buffers.Binary;

using Tessera.Field;
using Tessera.Hash;

namespace Tessera.Vm.Memory;

/// <summary>
/// The hashes of the memory commitment, all Poseidon2 over BabyBear: a page and the register file
/// are absorbed by the width-16 sponge with every 32-bit word split into two 16-bit limbs (a word
/// does not fit one element), tree nodes by 2-to-1 compression, and the state digest is
/// compress(memory root, registers digest).
/// </summary>
public static class StateHasher
{
    /// <summary>Hashes one page (its length must be the layout's page size).</summary>
    public static Digest HashPage(ReadOnlySpan<byte> page)
    {
        var elements = new BabyBear[page.Length / 2];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = BabyBear.FromCanonical(BinaryPrimitives.ReadUInt16LittleEndian(page[(2 * i)..]));
        }

        return Poseidon2Sponge.Hash(elements);
    }

    /// <summary>
    /// Hashes many pages at once (concatenated in <paramref name="pages"/>), one page per SIMD lane:
    /// <c>digests[i]</c> equals <see cref="HashPage"/> of page i.
    /// </summary>
    public static void HashPages(ReadOnlySpan<byte> pages, int pageBytes, Span<Digest> digests)
    {
        var elements = new BabyBear[pages.Length / 2];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = BabyBear.FromCanonical(BinaryPrimitives.ReadUInt16LittleEndian(pages[(2 * i)..]));
        }

        Poseidon2Sponge.HashRows(elements, pageBytes / 2, digests);
    }

    /// <summary>Hashes the registers x1..x31 and the pc (x0 is always zero and left out).</summary>
    public static Digest HashRegisters(ReadOnlySpan<uint> registers, uint pc)
    {
        Span<BabyBear> elements = stackalloc BabyBear[64];
        for (var r = 1; r < 32; r++)
        {
            elements[(2 * r) - 2] = BabyBear.FromCanonical(registers[r] & 0xFFFF);
            elements[(2 * r) - 1] = BabyBear.FromCanonical(registers[r] >> 16);
        }

        elements[62] = BabyBear.FromCanonical(pc & 0xFFFF);
        elements[63] = BabyBear.FromCanonical(pc >> 16);
        return Poseidon2Sponge.Hash(elements);
    }

    /// <summary>Hashes a tree node from its children.</summary>
    public static Digest Node(in Digest left, in Digest right) => Poseidon2Compression.Compress(left, right);

    /// <summary>The digest of a whole machine state: memory root and registers with pc.</summary>
    public static Digest State(in Digest memoryRoot, ReadOnlySpan<uint> registers, uint pc) =>
        Poseidon2Compression.Compress(memoryRoot, HashRegisters(registers, pc));
}
