using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// The 2-to-1 compression of Merkle trees: Plonky3's
/// <c>TruncatedPermutation&lt;Poseidon2BabyBear&lt;16&gt;, 2, 8, 16&gt;</c>. The state is left ‖ right,
/// it is permuted once, and the first 8 elements are the parent.
/// </summary>
public static class Poseidon2Compression
{
    /// <summary>Compresses two digests into one.</summary>
    public static Digest Compress(in Digest left, in Digest right)
    {
        Span<BabyBear> state = stackalloc BabyBear[Poseidon2.Width16];
        left.CopyTo(state);
        right.CopyTo(state[Digest.Length..]);
        Poseidon2.Permute(state);
        return new Digest(state[..Digest.Length]);
    }
}
