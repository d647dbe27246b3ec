using Tessera.Field;

namespace Tessera.Hash.Tests;

internal static class TestData
{
    public static BabyBear[] RandomElements(Random rng, int n)
    {
        var r = new BabyBear[n];
        for (var i = 0; i < n; i++)
        {
            r[i] = BabyBear.FromCanonical((uint)rng.NextInt64(0, BabyBear.Modulus));
        }

        return r;
    }

    public static ulong[] Canonical(ReadOnlySpan<BabyBear> xs)
    {
        var r = new ulong[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            r[i] = xs[i].ToCanonical();
        }

        return r;
    }

    /// <summary>Reduces mod p as Plonky3's BabyBear::new_array does (one published input is above p).</summary>
    public static BabyBear[] Reduced(ReadOnlySpan<uint> xs)
    {
        var r = new BabyBear[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            r[i] = BabyBear.FromUInt32(xs[i]);
        }

        return r;
    }
}
