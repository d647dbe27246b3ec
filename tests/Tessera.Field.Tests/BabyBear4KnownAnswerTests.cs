using System.Numerics;

namespace Tessera.Field.Tests;

/// <summary>
/// Published facts about Plonky3's quartic extension (baby-bear/src/extension.rs and
/// extension_test.rs): W = 11, its 4th-root constant, the generator 8 + X, and the factorisation of
/// the unit group's order p^4 − 1.
/// </summary>
public class BabyBear4KnownAnswerTests
{
    private static readonly (BigInteger Prime, int Power)[] UnitGroupFactors =
    [
        (2, 29), (3, 1), (5, 1), (31, 1), (97, 1), (12241, 1), (32472031, 1), (1706804017873, 1),
    ];

    private static readonly BigInteger UnitGroupOrder = BigInteger.Pow(Oracle.P, 4) - 1;

    [Fact]
    public void Published_factorisation_multiplies_to_p4_minus_1()
    {
        var product = UnitGroupFactors.Aggregate(BigInteger.One, (acc, f) => acc * BigInteger.Pow(f.Prime, f.Power));
        Assert.Equal(UnitGroupOrder, product);
    }

    [Fact]
    public void W_to_the_p_minus_1_over_4_is_Plonky3s_dth_root()
    {
        Assert.Equal(1728404513u, BabyBear.FromCanonical(BabyBear4.W).Pow((Oracle.P - 1) / 4).ToCanonical());
    }

    [Fact]
    public void Eight_plus_X_generates_the_whole_unit_group()
    {
        // Order exactly p^4 − 1 also proves X^4 − 11 irreducible: otherwise there would be zero divisors
        // and no element of that order.
        var g = BabyBear4.FromCanonical(8, 1, 0, 0);
        Assert.Equal(BabyBear4.One, Pow(g, UnitGroupOrder));
        foreach (var (prime, _) in UnitGroupFactors)
        {
            Assert.NotEqual(BabyBear4.One, Pow(g, UnitGroupOrder / prime));
        }
    }

    private static BabyBear4 Pow(BabyBear4 x, BigInteger e)
    {
        var r = BabyBear4.One;
        for (var bit = (int)e.GetBitLength() - 1; bit >= 0; bit--)
        {
            r = r.Square();
            if (!(e >> bit).IsEven)
            {
                r *= x;
            }
        }

        return r;
    }
}
