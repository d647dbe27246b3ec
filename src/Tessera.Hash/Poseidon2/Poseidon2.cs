using System.Runtime.InteropServices;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// The Poseidon2 permutation over BabyBear, exactly Plonky3's default instance
/// (<c>default_babybear_poseidon2_16</c> / <c>_24</c>): x^7 S-box, 8 full rounds, 13 partial rounds
/// at width 16 and 21 at width 24, HorizenLabs' round constants.
/// </summary>
public static class Poseidon2
{
    /// <summary>The state size of the hashing permutation (rate 8 + capacity 8).</summary>
    public const int Width16 = 16;

    /// <summary>The wide state size, for recursion-friendly hashing.</summary>
    public const int Width24 = 24;

    /// <summary>Permutes one state in place; its length (16 or 24) selects the width.</summary>
    /// <exception cref="ArgumentException">The state's length is neither 16 nor 24.</exception>
    public static void Permute(Span<BabyBear> state)
    {
        var parameters = ParametersFor(state.Length, nameof(state));
        Poseidon2Kernel.Permute<LanesScalar, uint>(ref MemoryMarshal.GetReference(MemoryMarshal.Cast<BabyBear, uint>(state)), parameters);
    }

    /// <summary>
    /// Permutes many states in place: <paramref name="states"/> holds them one after another,
    /// <paramref name="width"/> elements each. Runs one state per SIMD lane (16 with AVX-512, 8 with
    /// AVX2) and across cores for large batches; the results equal <see cref="Permute"/> on each.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="width"/> is neither 16 nor 24, or the span is not a whole number of states.
    /// </exception>
    public static unsafe void PermuteMany(Span<BabyBear> states, int width)
    {
        var parameters = ParametersFor(width, nameof(width));
        if (states.Length % width != 0)
        {
            throw new ArgumentException($"{states.Length} elements are not a whole number of width-{width} states.", nameof(states));
        }

        fixed (BabyBear* p = states)
        {
            Poseidon2Batch.Execute(new Poseidon2Batch.PermuteJob((uint*)p, states.Length / width, parameters));
        }
    }

    internal static Poseidon2Parameters ParametersFor(int width, string paramName) => width switch
    {
        Width16 => Poseidon2Parameters.Width16,
        Width24 => Poseidon2Parameters.Width24,
        _ => throw new ArgumentException($"Poseidon2 is defined here for widths 16 and 24, not {width}.", paramName),
    };
}
