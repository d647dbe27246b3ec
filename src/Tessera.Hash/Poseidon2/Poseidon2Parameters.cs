using System.Runtime.CompilerServices;
using System.Text.Json;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// Round constants and internal diagonal of one Poseidon2 width, in Montgomery form, read once from
/// the embedded copy of Plonky3's default BabyBear instance (poseidon2-babybear.json).
/// </summary>
internal sealed class Poseidon2Parameters
{
    private const string ResourceName = "Tessera.Hash.poseidon2-babybear.json";

    /// <summary>Width 16: 8 full rounds, 13 partial.</summary>
    public static Poseidon2Parameters Width16 { get; } = Load("width16", 16);

    /// <summary>Width 24: 8 full rounds, 21 partial.</summary>
    public static Poseidon2Parameters Width24 { get; } = Load("width24", 24);

    private Poseidon2Parameters(int width, uint[] externalInitial, uint[] internalRound, uint[] externalFinal, uint[] diagonal, int[] diagonalForms)
    {
        DiagonalForms = diagonalForms;
        Width = width;
        ExternalInitial = externalInitial;
        Internal = internalRound;
        ExternalFinal = externalFinal;
        Diagonal = diagonal;
    }

    /// <summary>State size t.</summary>
    public int Width { get; }

    /// <summary>Full rounds before the partial ones; the constants are row-major, round by element.</summary>
    public int HalfFullRounds => ExternalInitial.Length / Width;

    /// <summary>Number of partial rounds.</summary>
    public int PartialRounds => Internal.Length;

    /// <summary>Constants of the first full rounds, [round · Width + element], Montgomery form.</summary>
    public uint[] ExternalInitial { get; }

    /// <summary>Constants added to element 0 in the partial rounds, Montgomery form.</summary>
    public uint[] Internal { get; }

    /// <summary>Constants of the last full rounds, [round · Width + element], Montgomery form.</summary>
    public uint[] ExternalFinal { get; }

    /// <summary>D in M_I = 1·1ᵀ + diag(D), Montgomery form.</summary>
    public uint[] Diagonal { get; }

    /// <summary>
    /// How to multiply by each diagonal entry without a Montgomery multiplication (Plonky3 chose the
    /// entries for this): ±m for ±m with m in 1..4, ±(Pow2Base + k) for ±2^−k, 0 for a general
    /// multiplication by <see cref="Diagonal"/>.
    /// </summary>
    public int[] DiagonalForms { get; }

    /// <summary>Offset of the 2^−k forms in <see cref="DiagonalForms"/>.</summary>
    public const int Pow2Base = 100;

    private static Poseidon2Parameters Load(string key, int width)
    {
        using var stream = typeof(Poseidon2Parameters).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from Tessera.Hash.");
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var p = root.GetProperty("p").GetUInt32();
        var degree = root.GetProperty("sbox_degree").GetInt32();
        if (p != BabyBear.Modulus || degree != 7)
        {
            throw new InvalidOperationException("The embedded Poseidon2 instance is not over BabyBear with x^7.");
        }

        var inst = root.GetProperty(key);
        var initial = Flatten(inst.GetProperty("external_initial"), width);
        var final = Flatten(inst.GetProperty("external_final"), width);
        var internalRound = Row(inst.GetProperty("internal"));
        var diagonal = Row(inst.GetProperty("internal_diag"));
        var full = inst.GetProperty("full_rounds").GetInt32();
        if (diagonal.Length != width || initial.Length + final.Length != full * width
            || internalRound.Length != inst.GetProperty("partial_rounds").GetInt32())
        {
            throw new InvalidOperationException($"The embedded Poseidon2 instance {key} has inconsistent sizes.");
        }

        var forms = inst.GetProperty("internal_diag").EnumerateArray().Select(v => FormOf(v.GetUInt32())).ToArray();
        return new Poseidon2Parameters(width, initial, internalRound, final, diagonal, forms);
    }

    private static int FormOf(uint d)
    {
        var x = BabyBear.FromCanonical(d);
        for (var m = 1; m <= 4; m++)
        {
            var small = BabyBear.FromCanonical((uint)m);
            if (x == small)
            {
                return m;
            }

            if (x == -small)
            {
                return -m;
            }
        }

        var inverse = BabyBear.One;
        var half = BabyBear.FromCanonical(2).Inverse();
        for (var k = 1; k <= 27; k++)
        {
            inverse *= half;
            if (x == inverse)
            {
                return Pow2Base + k;
            }

            if (x == -inverse)
            {
                return -(Pow2Base + k);
            }
        }

        return 0;
    }

    private static uint[] Flatten(JsonElement rounds, int width)
    {
        var result = new List<uint>();
        foreach (var round in rounds.EnumerateArray())
        {
            var row = Row(round);
            if (row.Length != width)
            {
                throw new InvalidOperationException("A Poseidon2 round-constant row does not match the width.");
            }

            result.AddRange(row);
        }

        return [.. result];
    }

    private static uint[] Row(JsonElement values)
    {
        var result = new uint[values.GetArrayLength()];
        var i = 0;
        foreach (var v in values.EnumerateArray())
        {
            result[i++] = ToMonty(BabyBear.FromCanonical(v.GetUInt32()));
        }

        return result;
    }

    private static uint ToMonty(BabyBear x) => Unsafe.BitCast<BabyBear, uint>(x);
}
