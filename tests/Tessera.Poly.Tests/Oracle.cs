using Tessera.Field;

namespace Tessera.Poly.Tests;

/// <summary>Slow, obviously-correct reference computations built only from scalar field operators.</summary>
internal static class Oracle
{
    public static BabyBear[] Random(Random rng, int n)
    {
        var a = new BabyBear[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = BabyBear.FromUInt32((uint)rng.NextInt64(0, BabyBear.Modulus));
        }

        return a;
    }

    public static RowMajorMatrix RandomMatrix(Random rng, int width, int height) => new(Random(rng, width * height), width);

    /// <summary>out[i] = Σ_j a[j]·root^(i·j), O(n²).</summary>
    public static BabyBear[] Dft(ReadOnlySpan<BabyBear> a, BabyBear root)
    {
        var n = a.Length;
        var output = new BabyBear[n];
        var wi = BabyBear.One;
        for (var i = 0; i < n; i++)
        {
            var acc = BabyBear.Zero;
            var x = BabyBear.One;
            for (var j = 0; j < n; j++)
            {
                acc += a[j] * x;
                x *= wi;
            }

            output[i] = acc;
            wi *= root;
        }

        return output;
    }

    public static BabyBear[] ForwardDft(ReadOnlySpan<BabyBear> coeffs) => Dft(coeffs, Generator(coeffs.Length));

    public static BabyBear[] InverseDft(ReadOnlySpan<BabyBear> evals)
    {
        var c = Dft(evals, Generator(evals.Length).Inverse());
        var invN = BabyBear.FromCanonical((uint)evals.Length).Inverse();
        for (var i = 0; i < c.Length; i++)
        {
            c[i] *= invN;
        }

        return c;
    }

    /// <summary>Σ c[j]·x^j by Horner's rule.</summary>
    public static BabyBear Horner(ReadOnlySpan<BabyBear> c, BabyBear x)
    {
        var acc = BabyBear.Zero;
        for (var j = c.Length - 1; j >= 0; j--)
        {
            acc = (acc * x) + c[j];
        }

        return acc;
    }

    public static BabyBear Generator(int n) => BabyBear.TwoAdicGenerator(System.Numerics.BitOperations.Log2((uint)n));

    public static int Rev(int i, int bits)
    {
        var r = 0;
        for (var b = 0; b < bits; b++)
        {
            r |= ((i >> b) & 1) << (bits - 1 - b);
        }

        return r;
    }
}
