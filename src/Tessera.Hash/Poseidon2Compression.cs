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

    /// <summary>
    /// Compresses one Merkle level: <c>parents[j] = Compress(children[2j], children[2j + 1])</c>, one
    /// pair per SIMD lane and across cores for large levels.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="children"/> is not twice as long as <paramref name="parents"/>, or they overlap.
    /// </exception>
    public static unsafe void CompressPairs(ReadOnlySpan<Digest> children, Span<Digest> parents)
    {
        if (children.Length != 2L * parents.Length)
        {
            throw new ArgumentException($"{children.Length} children do not make {parents.Length} pairs.", nameof(children));
        }

        if (children.Overlaps(parents))
        {
            throw new ArgumentException("The parents must not overlap the children.", nameof(parents));
        }

        fixed (Digest* c = children)
        fixed (Digest* p = parents)
        {
            var words = (uint*)c;
            Poseidon2Batch.Execute(new Poseidon2Batch.CompressJob(words, words + Digest.Length, 2 * Digest.Length, (uint*)p, parents.Length));
        }
    }

    /// <summary>
    /// <c>parents[j] = Compress(left[j], right[j])</c> for every j (as when a shorter matrix's row
    /// digests are injected into a Merkle level). <paramref name="parents"/> may be the very span
    /// <paramref name="left"/> or <paramref name="right"/>, but must not otherwise overlap them.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ, or the output partly overlaps an input.</exception>
    public static unsafe void Compress(ReadOnlySpan<Digest> left, ReadOnlySpan<Digest> right, Span<Digest> parents)
    {
        if (left.Length != parents.Length || right.Length != parents.Length)
        {
            throw new ArgumentException($"Compress needs equal lengths, got {left.Length}, {right.Length} and {parents.Length}.", nameof(parents));
        }

        if ((left.Overlaps(parents, out var lo) && lo != 0) || (right.Overlaps(parents, out var ro) && ro != 0))
        {
            throw new ArgumentException("The parents may alias an input exactly but not overlap it at an offset.", nameof(parents));
        }

        fixed (Digest* l = left)
        fixed (Digest* r = right)
        fixed (Digest* p = parents)
        {
            Poseidon2Batch.Execute(new Poseidon2Batch.CompressJob((uint*)l, (uint*)r, Digest.Length, (uint*)p, parents.Length));
        }
    }
}
