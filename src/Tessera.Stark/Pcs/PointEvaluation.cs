using Tessera.Field;

namespace Tessera.Stark.Pcs;

/// <summary>
/// Powers of an extension point split into their four base coordinates, so a dot product with
/// base values is four lazily reduced SIMD dot products instead of extension-by-base multiplies.
/// </summary>
internal static class PointEvaluation
{
    /// <summary>x^i for i &lt; count, as four coordinate arrays.</summary>
    public static BabyBear[][] Powers(BabyBear4 x, int count)
    {
        var p = new BabyBear[4][];
        for (var k = 0; k < 4; k++)
        {
            p[k] = new BabyBear[count];
        }

        var acc = BabyBear4.One;
        for (var i = 0; i < count; i++)
        {
            p[0][i] = acc.C0;
            p[1][i] = acc.C1;
            p[2][i] = acc.C2;
            p[3][i] = acc.C3;
            acc *= x;
        }

        return p;
    }
}
