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
        Poseidon2Kernel.Permute<ScalarLanes, uint>(ref MemoryMarshal.GetReference(MemoryMarshal.Cast<BabyBear, uint>(state)), parameters);
    }

    internal static Poseidon2Parameters ParametersFor(int width, string paramName) => width switch
    {
        Width16 => Poseidon2Parameters.Width16,
        Width24 => Poseidon2Parameters.Width24,
        _ => throw new ArgumentException($"Poseidon2 is defined here for widths 16 and 24, not {width}.", paramName),
    };
}
