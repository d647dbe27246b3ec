using System.Numerics;

namespace Tessera.Field.Tests;

/// <summary>Base-field operations against BigInteger arithmetic modulo p.</summary>
public class BabyBearOracleTests
{
    public static TheoryData<uint> EdgeValues()
    {
        var data = new TheoryData<uint>();
        foreach (var e in Oracle.Edges)
        {
            data.Add(e);
        }

        return data;
    }

    [Fact]
    public void Binary_operations_match_the_oracle_on_all_edge_pairs()
    {
        foreach (var x in Oracle.Edges)
        {
            foreach (var y in Oracle.Edges)
            {
                CheckBinary(x, y);
            }
        }
    }

    [Fact]
    public void Binary_operations_match_the_oracle_on_random_pairs()
    {
        var rng = new Random(0x5eed);
        for (var i = 0; i < 20_000; i++)
        {
            CheckBinary(Oracle.Random(rng), Oracle.Random(rng));
        }
    }

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void Unary_operations_match_the_oracle(uint x)
    {
        var a = BabyBear.FromCanonical(x);
        Assert.Equal(x, a.ToCanonical());
        Assert.Equal((uint)Oracle.Mod(-(BigInteger)x), (-a).ToCanonical());
        Assert.Equal((uint)Oracle.Mod((BigInteger)x * x), a.Square().ToCanonical());
        Assert.Equal((uint)Oracle.Mod(2 * (BigInteger)x), a.Double().ToCanonical());
        Assert.Equal(x == 0, a.IsZero);
        if (x != 0)
        {
            var inv = a.Inverse();
            Assert.Equal((uint)Oracle.Inverse(x), inv.ToCanonical());
            Assert.Equal(BabyBear.One, a * inv);
        }
    }

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void Montgomery_form_is_value_times_two_to_the_32(uint x)
    {
        var expected = (uint)(((BigInteger)x << 32) % Oracle.P);
        Assert.Equal(expected, BabyBear.FromCanonical(x).Monty);
    }

    [Fact]
    public void Pow_matches_the_oracle()
    {
        var rng = new Random(7);
        ulong[] exponents = [0, 1, 2, 3, 7, Oracle.P - 2, Oracle.P - 1, Oracle.P, (ulong)Oracle.P * 3 + 5, ulong.MaxValue];
        foreach (var x in Oracle.Edges.Concat([Oracle.Random(rng), Oracle.Random(rng)]))
        {
            foreach (var e in exponents.Concat([(ulong)rng.NextInt64()]))
            {
                Assert.Equal((uint)Oracle.Pow(x, e), BabyBear.FromCanonical(x).Pow(e).ToCanonical());
            }
        }
    }

    [Fact]
    public void Inverse_matches_the_oracle_on_random_values()
    {
        var rng = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var x = (uint)rng.NextInt64(1, Oracle.P);
            Assert.Equal((uint)Oracle.Inverse(x), BabyBear.FromCanonical(x).Inverse().ToCanonical());
        }
    }

    [Fact]
    public void Inverse_of_zero_throws()
    {
        Assert.Throws<DivideByZeroException>(() => BabyBear.Zero.Inverse());
    }

    [Theory]
    [InlineData(Oracle.P)]
    [InlineData(Oracle.P + 1)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0x80000000u)]
    [InlineData(uint.MaxValue)]
    public void FromCanonical_rejects_values_of_p_and_above(uint x)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => BabyBear.FromCanonical(x));
        Assert.Equal("value", e.ParamName);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(Oracle.P - 1)]
    [InlineData(Oracle.P)]
    [InlineData(Oracle.P + 7)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(uint.MaxValue)]
    public void FromUInt32_reduces_modulo_p(uint x)
    {
        Assert.Equal(x % Oracle.P, BabyBear.FromUInt32(x).ToCanonical());
    }

    [Theory]
    [InlineData(0ul)]
    [InlineData((ulong)Oracle.P)]
    [InlineData(((ulong)Oracle.P * Oracle.P) + 3)]
    [InlineData(ulong.MaxValue)]
    [InlineData(0x1_0000_0000ul)]
    public void FromUInt64_reduces_modulo_p(ulong x)
    {
        Assert.Equal((uint)(x % Oracle.P), BabyBear.FromUInt64(x).ToCanonical());
    }

    [Fact]
    public void Equality_and_hash_follow_the_value()
    {
        var a = BabyBear.FromCanonical(12345);
        var b = BabyBear.FromUInt32(12345 + Oracle.P);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, BabyBear.FromCanonical(12346));
        Assert.Equal("12345", a.ToString());
    }

    private static void CheckBinary(uint x, uint y)
    {
        var a = BabyBear.FromCanonical(x);
        var b = BabyBear.FromCanonical(y);
        BigInteger bx = x, by = y;
        Assert.Equal((uint)Oracle.Mod(bx + by), (a + b).ToCanonical());
        Assert.Equal((uint)Oracle.Mod(bx - by), (a - b).ToCanonical());
        Assert.Equal((uint)Oracle.Mod(bx * by), (a * b).ToCanonical());

        // Representations stay reduced: equal values must be equal structs.
        Assert.True((a + b).Monty < Oracle.P && (a - b).Monty < Oracle.P && (a * b).Monty < Oracle.P);
    }
}
