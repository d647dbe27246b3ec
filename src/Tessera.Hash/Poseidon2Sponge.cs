using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// Hashing of field-element sequences with Poseidon2 width 16: Plonky3's
/// <c>PaddingFreeSponge&lt;Poseidon2BabyBear&lt;16&gt;, 16, 8, 8&gt;</c> (rate 8, capacity 8, 8-element digest).
/// </summary>
/// <remarks>
/// The state starts at zero. The input is cut into chunks of 8; each chunk overwrites the first
/// elements of the state (a final chunk of k &lt; 8 elements overwrites only the first k, leaving the
/// rest of the rate as the previous permutation left it) and the state is permuted once per chunk.
/// The digest is the first 8 elements. There is no padding: empty input gives the zero digest without
/// a permutation, and inputs of different lengths can collide, so the length must be fixed by context
/// (as it is for Merkle leaves: all rows of a matrix have the same width).
/// </remarks>
public static class Poseidon2Sponge
{
    /// <summary>Elements absorbed per permutation.</summary>
    public const int Rate = 8;

    /// <summary>Hashes <paramref name="input"/> to a digest.</summary>
    public static Digest Hash(ReadOnlySpan<BabyBear> input)
    {
        Span<BabyBear> state = stackalloc BabyBear[Poseidon2.Width16];
        state.Clear();
        for (var offset = 0; offset < input.Length; offset += Rate)
        {
            var chunk = input[offset..Math.Min(offset + Rate, input.Length)];
            chunk.CopyTo(state);
            Poseidon2.Permute(state);
        }

        return new Digest(state[..Digest.Length]);
    }
}
