using Tessera.Field;
using Tessera.Hash;

namespace Tessera.Vm.Memory;

/// <summary>
/// The journal's running digest, which segment claims chain: J₀ = the sponge of a domain tag, and
/// for each journal byte b, J' = compress(J, (b, <see cref="ByteTag"/>, 0, …, 0)). One step per byte
/// binds the length (strings of different lengths take different numbers of steps from a fixed
/// start), the tag separates these steps from Merkle nodes, and the digest depends only on the bytes,
/// not on how the guest cut them into writes or the run into segments.
/// </summary>
public static class JournalHasher
{
    /// <summary>The second element of every absorbed block.</summary>
    public const uint ByteTag = 0x4A4E_4C31; // "JNL1"

    /// <summary>The digest of the empty journal.</summary>
    public static Digest Initial { get; } = Poseidon2Sponge.Hash(
        [.. "tessera.journal.v1"u8.ToArray().Select(b => BabyBear.FromCanonical(b))]);

    /// <summary>The block one byte is absorbed as.</summary>
    public static Digest Block(byte value)
    {
        Span<BabyBear> e = stackalloc BabyBear[Digest.Length];
        e.Clear();
        e[0] = BabyBear.FromCanonical(value);
        e[1] = BabyBear.FromCanonical(ByteTag);
        return new Digest(e);
    }

    /// <summary>The digest after <paramref name="bytes"/> follow <paramref name="digest"/>.</summary>
    public static Digest Absorb(Digest digest, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            digest = Poseidon2Compression.Compress(digest, Block(b));
        }

        return digest;
    }
}
