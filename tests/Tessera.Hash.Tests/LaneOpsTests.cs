using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using Tessera.Field;

namespace Tessera.Hash.Tests;

/// <summary>The shift form of x·2^−k against field multiplication by the inverse power, per lane type.</summary>
public class LaneOpsTests
{
    [Fact]
    public void DivPow2_equals_multiplying_by_the_inverse_power()
    {
        var rng = new Random(6);
        var xs = TestData.RandomElements(rng, 16);
        xs[0] = BabyBear.Zero;
        xs[1] = BabyBear.FromCanonical(BabyBear.Modulus - 1);
        var words = xs.Select(x => System.Runtime.CompilerServices.Unsafe.BitCast<BabyBear, uint>(x)).ToArray();
        var inverseTwo = BabyBear.FromCanonical(2).Inverse();
        var factor = BabyBear.One;
        for (var k = 1; k <= 27; k++)
        {
            factor *= inverseTwo;
            var expected = xs.Select(x => x * factor).ToArray();
            Assert.Equal(expected, words.Select(w => Wrap(ScalarLanes.DivPow2(w, k))));
            if (Avx2.IsSupported)
            {
                var lo = Avx2Lanes.DivPow2(Vector256.Create(words.AsSpan(0, 8)), k);
                var hi = Avx2Lanes.DivPow2(Vector256.Create(words.AsSpan(8, 8)), k);
                Assert.Equal(expected, Enumerable.Range(0, 16).Select(i => Wrap(i < 8 ? lo[i] : hi[i - 8])));
            }

            if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
            {
                var v = Avx512Lanes.DivPow2(Vector512.Create(words), k);
                Assert.Equal(expected, Enumerable.Range(0, 16).Select(i => Wrap(v[i])));
            }
        }
    }

    [Fact]
    public void The_default_diagonals_need_no_multiplication()
    {
        Assert.DoesNotContain(0, Poseidon2Parameters.Width16.DiagonalForms);
        Assert.DoesNotContain(0, Poseidon2Parameters.Width24.DiagonalForms);
    }

    /// <summary>Edge inputs of the signed multiplication: its stated bound |a|, |b| ≤ p and values near 0 and 2^31.</summary>
    private static readonly long[] SignedEdges =
    [
        0, 1, -1, 2, -2, BabyBear.Modulus, -BabyBear.Modulus, BabyBear.Modulus - 1, -(BabyBear.Modulus - 1),
        (BabyBear.Modulus + 1) / 2, -((BabyBear.Modulus + 1) / 2), 1 << 27, -(1 << 27), 0x7800_0000, -0x7800_0000, 123_456_789,
    ];

    [Fact]
    public void Signed_Montgomery_multiplication_stays_below_p_and_agrees_with_BigInteger()
    {
        var rng = new Random(61);
        var a = SignedEdges.Concat(Enumerable.Range(0, 48).Select(_ => rng.NextInt64(-BabyBear.Modulus, BabyBear.Modulus + 1))).ToArray();
        var inverseR = BigInteger.ModPow(new BigInteger(1L << 32), BabyBear.Modulus - 2, BabyBear.Modulus);
        foreach (var x in a)
        {
            for (var start = 0; start < a.Length; start += 8)
            {
                var ys = a.Skip(start).Take(8).Concat(Enumerable.Repeat(0L, 8)).Take(8).ToArray();
                var results = new List<long[]>();
                if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
                {
                    var d = Avx512Lanes.SignedMontyMul(Vector512.Create(x).AsInt32(), Vector512.Create(ys).AsInt32());
                    results.Add(Enumerable.Range(0, 8).Select(k => d[k]).ToArray());
                }

                if (Avx2.IsSupported)
                {
                    var lo = Avx2Lanes.SignedMontyMul(Vector256.Create(x).AsInt32(), Vector256.Create(ys.AsSpan(0, 4)).AsInt32());
                    var hi = Avx2Lanes.SignedMontyMul(Vector256.Create(x).AsInt32(), Vector256.Create(ys.AsSpan(4, 4)).AsInt32());
                    results.Add(Enumerable.Range(0, 8).Select(k => k < 4 ? lo[k] : hi[k - 4]).ToArray());
                }

                foreach (var d in results)
                {
                    for (var k = 0; k < 8; k++)
                    {
                        Assert.Equal(0u, (uint)d[k]);
                        var r = d[k] >> 32;
                        Assert.InRange(r, -BabyBear.Modulus + 1, BabyBear.Modulus - 1);
                        var expected = BigInteger.Remainder(x * (BigInteger)ys[k] * inverseR, BabyBear.Modulus);
                        Assert.Equal(0, BigInteger.Remainder(r - expected, BabyBear.Modulus).Sign);
                    }
                }
            }
        }
    }

    [Fact]
    public void The_SBox_of_every_lane_type_is_x_plus_c_to_the_seventh()
    {
        var rng = new Random(62);
        var xs = TestData.RandomElements(rng, 64);
        uint[] edges = [0, 1, 2, BabyBear.Modulus - 1, BabyBear.Modulus - 2, (BabyBear.Modulus + 1) / 2, 1 << 30, 0x7800_0000];
        for (var i = 0; i < edges.Length; i++)
        {
            xs[i] = BabyBear.FromCanonical(edges[i]);
        }

        var words = xs.Select(x => System.Runtime.CompilerServices.Unsafe.BitCast<BabyBear, uint>(x)).ToArray();
        foreach (var cWord in edges.Concat([(uint)rng.NextInt64(0, BabyBear.Modulus)]))
        {
            var c = Wrap(cWord);
            var expected = xs.Select(x => (x + c).Pow(7)).ToArray();
            Assert.Equal(expected, words.Select(w => Wrap(ScalarLanes.AddSBox(w, cWord))));
            for (var start = 0; start < words.Length; start += 16)
            {
                var slice = expected.AsSpan(start, 16).ToArray();
                if (Avx2.IsSupported)
                {
                    var lo = Avx2Lanes.AddSBox(Vector256.Create(words.AsSpan(start, 8)), cWord);
                    var hi = Avx2Lanes.AddSBox(Vector256.Create(words.AsSpan(start + 8, 8)), cWord);
                    Assert.Equal(slice, Enumerable.Range(0, 16).Select(i => Wrap(i < 8 ? lo[i] : hi[i - 8])));
                }

                if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
                {
                    var v = Avx512Lanes.AddSBox(Vector512.Create(words.AsSpan(start, 16)), cWord);
                    Assert.Equal(slice, Enumerable.Range(0, 16).Select(i => Wrap(v[i])));
                }
            }
        }
    }

    private static BabyBear Wrap(uint monty) => System.Runtime.CompilerServices.Unsafe.BitCast<uint, BabyBear>(monty);
}
