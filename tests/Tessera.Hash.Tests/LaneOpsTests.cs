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

    private static BabyBear Wrap(uint monty) => System.Runtime.CompilerServices.Unsafe.BitCast<uint, BabyBear>(monty);
}
