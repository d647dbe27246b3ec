using Tessera.Field;

namespace Tessera.Stark.Pcs;

/// <summary>Batch inversion in the base field (Montgomery's trick).</summary>
internal static class BaseBatch
{
    /// <summary>Inverts every element in place; the elements must be nonzero.</summary>
    public static void Inverse(Span<BabyBear> values)
    {
        if (values.IsEmpty)
        {
            return;
        }

        var prefix = new BabyBear[values.Length];
        var acc = BabyBear.One;
        for (var i = 0; i < values.Length; i++)
        {
            prefix[i] = acc;
            acc *= values[i];
        }

        var inv = acc.Inverse();
        for (var i = values.Length - 1; i >= 0; i--)
        {
            var v = values[i];
            values[i] = inv * prefix[i];
            inv *= v;
        }
    }
}
