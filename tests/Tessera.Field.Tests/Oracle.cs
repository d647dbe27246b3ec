using System.Numerics;

namespace Tessera.Field.Tests;

/// <summary>Independent arithmetic in BigInteger, and the shared inputs.</summary>
internal static class Oracle
{
    public const uint P = 2013265921; // 15·2^27 + 1, written out rather than taken from the code under test

    public static readonly BigInteger Pb = P;

    /// <summary>Values where reductions and carries change behaviour.</summary>
    public static readonly uint[] Edges =
    [
        0, 1, 2, 3, 11, P - 1, P - 2, P - 3, (P - 1) / 2, (P + 1) / 2, 1u << 27, (1u << 27) + 1, (1u << 27) - 1,
        1u << 30, (1u << 30) + 1, (1u << 30) - 1, 0x0FFFFFFE, 0x10000000, 0x77FFFFFF, 1172168163, 0x34167c58, 0x61f3207b,
    ];

    public static BigInteger Mod(BigInteger x) => ((x % Pb) + Pb) % Pb;

    public static BigInteger Pow(BigInteger x, BigInteger e) => BigInteger.ModPow(Mod(x), e, Pb);

    public static BigInteger Inverse(BigInteger x) => BigInteger.ModPow(Mod(x), Pb - 2, Pb);

    public static uint Random(Random rng) => (uint)rng.NextInt64(0, P);

    public static BabyBear[] RandomElements(Random rng, int n)
    {
        var a = new BabyBear[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = BabyBear.FromCanonical(Random(rng));
        }

        // Keep the extremes in play wherever the span is long enough.
        if (n > 2)
        {
            a[0] = BabyBear.FromCanonical(P - 1);
            a[n - 1] = BabyBear.FromCanonical(P - 1);
        }

        return a;
    }

    public static BabyBear4[] RandomExtension(Random rng, int n)
    {
        var a = new BabyBear4[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = BabyBear4.FromCanonical(Random(rng), Random(rng), Random(rng), Random(rng));
        }

        if (n > 2)
        {
            a[0] = BabyBear4.FromCanonical(P - 1, P - 1, P - 1, P - 1);
        }

        return a;
    }

    /// <summary>The coefficients of an extension element as integers.</summary>
    public static BigInteger[] Coeffs(BabyBear4 x) => [x.C0.ToCanonical(), x.C1.ToCanonical(), x.C2.ToCanonical(), x.C3.ToCanonical()];

    /// <summary>Schoolbook product of degree-3 polynomials, then X^4 → 11, X^5 → 11X, X^6 → 11X².</summary>
    public static BigInteger[] ExtMul(BigInteger[] a, BigInteger[] b)
    {
        var full = new BigInteger[7];
        for (var i = 0; i < 4; i++)
        {
            for (var j = 0; j < 4; j++)
            {
                full[i + j] += a[i] * b[j];
            }
        }

        for (var k = 6; k >= 4; k--)
        {
            full[k - 4] += 11 * full[k];
        }

        return [Mod(full[0]), Mod(full[1]), Mod(full[2]), Mod(full[3])];
    }
}
