using Tessera.Field;
using Tessera.Poly;

namespace Tessera.Stark.Pcs;

/// <summary>Interpolation and evaluation of one polynomial over a coset shift·⟨ω_N⟩, natural order.</summary>
internal static class Coset
{
    /// <summary>Evaluations on shift·⟨ω_size⟩ of the polynomial with <paramref name="coefficients"/> (at most size of them).</summary>
    public static BabyBear[] Evaluate(ReadOnlySpan<BabyBear> coefficients, int size, BabyBear shift)
    {
        var result = new BabyBear[size];
        var s = BabyBear.One;
        for (var i = 0; i < coefficients.Length; i++)
        {
            result[i] = coefficients[i] * s;
            s *= shift;
        }

        Ntt.Forward(result);
        return result;
    }

    /// <summary>Coefficients of the polynomial whose evaluations on shift·⟨ω_N⟩ (natural order) are given.</summary>
    public static BabyBear[] Interpolate(ReadOnlySpan<BabyBear> evaluations, BabyBear shift)
    {
        var c = evaluations.ToArray();
        Ntt.Inverse(c);
        var inv = shift.Inverse();
        var s = BabyBear.One;
        for (var i = 0; i < c.Length; i++)
        {
            c[i] *= s;
            s *= inv;
        }

        return c;
    }

    /// <summary>Σ c_i·x^i for base coefficients at an extension point, given x's powers.</summary>
    public static BabyBear4 EvaluateAt(ReadOnlySpan<BabyBear> coefficients, ReadOnlySpan<BabyBear4> powers)
    {
        BabyBear4 acc = default;
        for (var i = 0; i < coefficients.Length; i++)
        {
            acc += powers[i] * coefficients[i];
        }

        return acc;
    }

    /// <summary>1, x, x², …, x^(count−1).</summary>
    public static BabyBear4[] Powers(BabyBear4 x, int count)
    {
        var p = new BabyBear4[count];
        var acc = BabyBear4.One;
        for (var i = 0; i < count; i++)
        {
            p[i] = acc;
            acc *= x;
        }

        return p;
    }
}
