using System.Numerics;

namespace Tessera.Field.Tests;

/// <summary>Published constants and vectors (Plonky3 baby-bear and monty-31; see design/FACTS.md).</summary>
public class BabyBearKnownAnswerTests
{
    [Fact]
    public void Modulus_is_fifteen_times_two_to_the_27_plus_one()
    {
        Assert.Equal(15u * (1u << 27) + 1, BabyBear.Modulus);
        Assert.Equal(2013265921u, BabyBear.Modulus);
        Assert.Equal(27, BabyBear.TwoAdicity);
    }

    [Fact]
    public void Plonky3_multiplication_vector()
    {
        var a = BabyBear.FromCanonical(0x34167c58);
        var b = BabyBear.FromCanonical(0x61f3207b);
        Assert.Equal(0x1b5c8046u, (a * b).ToCanonical());
        Assert.Equal(0x1b5c8046u, (b * a).ToCanonical());
    }

    [Fact]
    public void Montgomery_constants_match_published_and_computed_values()
    {
        var r = BigInteger.One << 32;
        Assert.Equal(0x0FFFFFFEu, BabyBear.MontyOne);
        Assert.Equal(BabyBear.MontyOne, (uint)(r % Oracle.P));
        Assert.Equal(1172168163u, BabyBear.MontyRSquared);
        Assert.Equal(BabyBear.MontyRSquared, (uint)(r * r % Oracle.P));

        // Plonky3's MU is +p⁻¹ mod 2^32.
        Assert.Equal(0x88000001u, BabyBear.MontyMu);
        Assert.Equal(1u, unchecked(BabyBear.MontyMu * Oracle.P));
        Assert.Equal(BabyBear.MontyOne, BabyBear.One.Monty);
    }

    [Fact]
    public void Generator_is_31_and_generates_the_unit_group()
    {
        var g = BabyBear.Generator;
        Assert.Equal(31u, g.ToCanonical());

        // p − 1 = 2^27 · 3 · 5: g is primitive iff g^((p−1)/q) ≠ 1 for each prime q.
        foreach (var q in new ulong[] { 2, 3, 5 })
        {
            Assert.NotEqual(BabyBear.One, g.Pow((Oracle.P - 1) / q));
        }

        Assert.Equal(BabyBear.One, g.Pow(Oracle.P - 1));
    }

    [Theory]
    [InlineData(27, 0x1a427a41u)]
    [InlineData(3, 0x5ee99486u)]
    [InlineData(2, 0x67055c21u)]
    [InlineData(1, 0x78000000u)]
    [InlineData(0, 1u)]
    public void Two_adic_generators_match_Plonky3(int bits, uint expected)
    {
        Assert.Equal(expected, BabyBear.TwoAdicGenerator(bits).ToCanonical());
    }

    [Fact]
    public void Top_two_adic_generator_is_31_to_the_15()
    {
        Assert.Equal((uint)Oracle.Pow(31, 15), BabyBear.TwoAdicGenerator(27).ToCanonical());
    }

    [Fact]
    public void Each_two_adic_generator_has_order_exactly_two_to_the_k()
    {
        for (var k = 0; k <= 27; k++)
        {
            var g = BabyBear.TwoAdicGenerator(k);
            var oracle = Oracle.Pow(0x1a427a41, BigInteger.One << (27 - k));
            Assert.Equal((uint)oracle, g.ToCanonical());

            // Order 2^k: squaring k times reaches one, k − 1 times reaches −1 (not one).
            var x = g;
            for (var i = 0; i < k - 1; i++)
            {
                x = x.Square();
            }

            if (k > 0)
            {
                Assert.Equal(Oracle.P - 1, x.ToCanonical());
                x = x.Square();
            }

            Assert.Equal(BabyBear.One, x);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(28)]
    [InlineData(int.MaxValue)]
    public void Two_adic_generator_rejects_orders_outside_the_field(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BabyBear.TwoAdicGenerator(bits));
    }
}
