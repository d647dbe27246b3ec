using System.Runtime.InteropServices;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// A read-only view of one Poseidon2 instance's round constants and internal diagonal, for layers
/// that re-express the permutation (the circuit's Poseidon2 table). These are the very constants
/// <see cref="Poseidon2.Permute"/> uses, not a copy.
/// </summary>
/// <remarks>
/// Round order (Plonky3's default instance): the external layer M_E once; <see cref="HalfFullRounds"/>
/// full rounds (add <see cref="ExternalInitial"/>, x^7 on every element, M_E);
/// <see cref="PartialRounds"/> partial rounds (add <see cref="Internal"/>[r] to element 0, x^7 on
/// element 0, M_I = 1·1ᵀ + diag(<see cref="Diagonal"/>)); <see cref="HalfFullRounds"/> full rounds
/// with <see cref="ExternalFinal"/>. M_E applies M4 = circ(2, 3, 1, 1) to each block of four, then
/// adds to every element the sum of the elements at its position mod 4 across the blocks.
/// </remarks>
public sealed class Poseidon2Constants
{
    private readonly Poseidon2Parameters _parameters;

    private Poseidon2Constants(Poseidon2Parameters parameters) => _parameters = parameters;

    /// <summary>The width-16 instance (8 full rounds, 13 partial).</summary>
    public static Poseidon2Constants Width16 { get; } = new(Poseidon2Parameters.Width16);

    /// <summary>The width-24 instance (8 full rounds, 21 partial).</summary>
    public static Poseidon2Constants Width24 { get; } = new(Poseidon2Parameters.Width24);

    /// <summary>The S-box exponent.</summary>
    public const int SBoxDegree = 7;

    /// <summary>State size t.</summary>
    public int Width => _parameters.Width;

    /// <summary>Full rounds before the partial rounds, and again after them.</summary>
    public int HalfFullRounds => _parameters.HalfFullRounds;

    /// <summary>Number of partial rounds.</summary>
    public int PartialRounds => _parameters.PartialRounds;

    /// <summary>Constants of the first full rounds, indexed [round · <see cref="Width"/> + element].</summary>
    public ReadOnlySpan<BabyBear> ExternalInitial => View(_parameters.ExternalInitial);

    /// <summary>The constant added to element 0 in each partial round.</summary>
    public ReadOnlySpan<BabyBear> Internal => View(_parameters.Internal);

    /// <summary>Constants of the last full rounds, indexed [round · <see cref="Width"/> + element].</summary>
    public ReadOnlySpan<BabyBear> ExternalFinal => View(_parameters.ExternalFinal);

    /// <summary>D in the internal layer M_I = 1·1ᵀ + diag(D).</summary>
    public ReadOnlySpan<BabyBear> Diagonal => View(_parameters.Diagonal);

    // The parameters hold Montgomery words, which is BabyBear's representation.
    private static ReadOnlySpan<BabyBear> View(uint[] words) => MemoryMarshal.Cast<uint, BabyBear>(words.AsSpan());
}
