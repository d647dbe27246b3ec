using Tessera.Field;
using Tessera.Poly;

namespace Tessera.Stark.Fri;

/// <summary>
/// Arity-2 folding: f'(x²) = (f(x) + f(−x))/2 + β·(f(x) − f(−x))/(2x). Layers are kept in
/// bit-reversed order, where x and −x are neighbours (2j, 2j+1) and x² lands at j.
/// </summary>
internal static class FriFold
{
    private static readonly BabyBear InvTwo = BabyBear.FromUInt32(2).Inverse();

    public static BabyBear4 Fold(BabyBear4 a, BabyBear4 b, BabyBear4 beta, BabyBear xInv) =>
        ((a + b) * InvTwo) + (beta * ((a - b) * (xInv * InvTwo)));

    /// <summary>The point x of pair row <paramref name="j"/> in layer of 2^<paramref name="logSize"/> points on shift·⟨ω⟩.</summary>
    public static BabyBear PairPoint(BabyBear shift, int logSize, int j) =>
        shift * BabyBear.TwoAdicGenerator(logSize).Pow((ulong)BitReversal.Reverse(j, logSize - 1));

    /// <summary>Evaluates a polynomial with extension coefficients at a base point (Horner).</summary>
    public static BabyBear4 EvaluatePolynomial(ReadOnlySpan<BabyBear4> coefficients, BabyBear x)
    {
        var acc = BabyBear4.Zero;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            acc = (acc * x) + coefficients[i];
        }

        return acc;
    }
}
