using Tessera.Poly;

namespace Tessera.Stark.Pcs;

/// <summary>Bit-reversal permutation of any element type (Tessera.Poly's is for base-field spans).</summary>
internal static class BitReverse
{
    public static void Permute<T>(Span<T> a)
    {
        var bits = int.Log2(a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            var j = BitReversal.Reverse(i, bits);
            if (j > i)
            {
                (a[i], a[j]) = (a[j], a[i]);
            }
        }
    }
}
