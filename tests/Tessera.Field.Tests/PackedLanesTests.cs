using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tessera.Field.Tests;

/// <summary>
/// Every operation of every lane type against BigInteger, lane by lane, on random values and the
/// reduction edges. scripts/test.sh reruns this with AVX-512 and with all intrinsics off, so each
/// lane type the machine supports is also the one the kernels pick in some run.
/// </summary>
public class PackedLanesTests
{
    private const int N = 96; // a multiple of every lane count

    [Fact]
    public void Every_lane_type_agrees_with_BigInteger_on_every_operation()
    {
        var checkedTypes = 0;
        checkedTypes += Check<LanesScalar, uint>();
        if (Lanes256.IsSupported)
        {
            checkedTypes += Check<Lanes256, Vector256<uint>>();
            checkedTypes += Check<Lanes128, Vector256<uint>>();
        }

        if (Lanes512.IsSupported)
        {
            checkedTypes += Check<Lanes512, Vector512<uint>>();
        }

        var expected = BabyBearVector.Path switch
        {
            SimdPath.Avx512 => 4,
            SimdPath.Avx2 => 3,
            _ => 1,
        };
        Assert.Equal(expected, checkedTypes);
    }

    [Fact]
    public void The_extension_lanes_multiply_as_BabyBear4_does()
    {
        var checkedTypes = 0;
        if (Lanes256.IsSupported)
        {
            checkedTypes += CheckExtension<Lanes256, Vector256<uint>>();
        }

        if (Lanes512.IsSupported)
        {
            checkedTypes += CheckExtension<Lanes512, Vector512<uint>>();
        }

        Assert.Equal(BabyBearVector.Path switch { SimdPath.Avx512 => 2, SimdPath.Avx2 => 1, _ => 0 }, checkedTypes);
    }

    /// <summary>Edge inputs of the signed multiplication: its stated bound |a|, |b| ≤ p and values near 0 and 2^31.</summary>
    private static readonly long[] SignedEdges =
    [
        0, 1, -1, 2, -2, Oracle.P, -Oracle.P, Oracle.P - 1, -(Oracle.P - 1),
        (Oracle.P + 1) / 2, -((Oracle.P + 1) / 2), 1 << 27, -(1 << 27), 0x7800_0000, -0x7800_0000, 123_456_789,
    ];

    [Fact]
    public void Signed_Montgomery_multiplication_stays_below_p_and_agrees_with_BigInteger()
    {
        var rng = new Random(61);
        var a = SignedEdges.Concat(Enumerable.Range(0, 48).Select(_ => rng.NextInt64(-Oracle.P, Oracle.P + 1))).ToArray();
        var inverseR = Oracle.Inverse(new BigInteger(1L << 32));
        var checkedProducts = 0;
        foreach (var x in a)
        {
            for (var start = 0; start < a.Length; start += 8)
            {
                var ys = a.Skip(start).Take(8).Concat(Enumerable.Repeat(0L, 8)).Take(8).ToArray();
                var results = new List<long[]>();
                if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
                {
                    var d = Lanes512.SignedMontyMul(Vector512.Create(x).AsInt32(), Vector512.Create(ys).AsInt32());
                    results.Add(Enumerable.Range(0, 8).Select(k => d[k]).ToArray());
                }

                if (Avx2.IsSupported)
                {
                    var lo = Lanes256.SignedMontyMul(Vector256.Create(x).AsInt32(), Vector256.Create(ys.AsSpan(0, 4)).AsInt32());
                    var hi = Lanes256.SignedMontyMul(Vector256.Create(x).AsInt32(), Vector256.Create(ys.AsSpan(4, 4)).AsInt32());
                    results.Add(Enumerable.Range(0, 8).Select(k => k < 4 ? lo[k] : hi[k - 4]).ToArray());
                }

                foreach (var d in results)
                {
                    for (var k = 0; k < 8; k++)
                    {
                        Assert.Equal(0u, (uint)d[k]);
                        var r = d[k] >> 32;
                        Assert.InRange(r, -Oracle.P + 1, Oracle.P - 1);
                        Assert.Equal(Oracle.Mod(x * (BigInteger)ys[k] * inverseR), Oracle.Mod(r));
                        checkedProducts++;
                    }
                }
            }
        }

        Assert.True(checkedProducts > 0 || !Avx2.IsSupported);
    }

    private static int Check<TL, TV>()
        where TL : IPackedLanes<TV>
        where TV : unmanaged
    {
        var rng = new Random(71 + TL.Count);
        var a = Inputs(rng);
        var b = Inputs(rng);
        b.AsSpan(0, Oracle.Edges.Length).Reverse(); // edge against edge, in another order
        var ca = a.Select(Canonical).ToArray();
        var cb = b.Select(Canonical).ToArray();

        Expect(ca.Zip(cb, (x, y) => x + y), Map<TL, TV>(a, b, TL.Add));
        Expect(ca.Zip(cb, (x, y) => x - y), Map<TL, TV>(a, b, TL.Sub));
        Expect(ca.Zip(cb, (x, y) => x * y), Map<TL, TV>(a, b, TL.Mul));
        Expect(ca.Select(x => -x), Map<TL, TV>(a, b, (x, _) => TL.Neg(x)));
        var c = Oracle.Random(rng);
        Expect(ca.Select(x => x * c), Map<TL, TV>(a, b, (x, _) => TL.Mul(x, TL.Splat(BabyBear.FromCanonical(c).Monty))));
        for (var k = 1; k <= 27; k++)
        {
            var factor = Oracle.Inverse(BigInteger.Pow(2, k));
            Expect(ca.Select(x => x * factor), Map<TL, TV>(a, b, (x, _) => TL.DivPow2(x, k)));
        }

        foreach (var constant in Oracle.Edges.Append(Oracle.Random(rng)))
        {
            var monty = BabyBear.FromCanonical(constant).Monty;
            Expect(ca.Select(x => Oracle.Pow(x + constant, 7)), Map<TL, TV>(a, b, (x, _) => TL.AddPow7(x, monty)));
        }

        return 1;
    }

    private static int CheckExtension<TL, TV>()
        where TL : IPackedExtensionLanes<TV>
        where TV : unmanaged
    {
        var rng = new Random(81 + TL.Count);
        var a = Oracle.RandomExtension(rng, N / 4);
        var b = Oracle.RandomExtension(rng, N / 4);
        var words = Words(a);
        var product = Map<TL, TV>(words, Words(b), TL.MulExtension);
        Assert.Equal(a.Zip(b, (x, y) => x * y), Elements(product));
        var ones = Map<TL, TV>(words, words, (_, _) => TL.ExtensionOne);
        Assert.All(Elements(ones), one => Assert.Equal(BabyBear4.One, one));
        var s = a[1];
        Assert.All(Elements(Map<TL, TV>(words, words, (_, _) => TL.SplatExtension(s))), x => Assert.Equal(s, x));

        var bases = Oracle.RandomElements(rng, N / 4);
        var baseWords = bases.Select(x => x.Monty).ToArray();
        var spread = new uint[N];
        for (var i = 0; i < bases.Length; i += TL.Count / 4)
        {
            TL.Store(TL.SpreadBase(ref baseWords[i]), ref spread[4 * i]);
        }

        Assert.Equal(bases.Select(x => new BabyBear4(x, x, x, x)), Elements(spread));
        return 1;
    }

    private static uint[] Inputs(Random rng)
    {
        var words = Oracle.RandomElements(rng, N).Select(x => x.Monty).ToArray();
        for (var i = 0; i < Oracle.Edges.Length; i++)
        {
            words[i] = BabyBear.FromCanonical(Oracle.Edges[i]).Monty;
        }

        return words;
    }

    private static uint[] Map<TL, TV>(uint[] a, uint[] b, Func<TV, TV, TV> f)
        where TL : IPackedLanes<TV>
        where TV : unmanaged
    {
        var r = new uint[a.Length];
        for (var i = 0; i < a.Length; i += TL.Count)
        {
            TL.Store(f(TL.Load(ref a[i]), TL.Load(ref b[i])), ref r[i]);
        }

        return r;
    }

    private static BigInteger Canonical(uint monty) => BabyBear.FromMonty(monty).ToCanonical();

    private static void Expect(IEnumerable<BigInteger> expected, uint[] actual)
    {
        var e = expected.Select(x => (uint)Oracle.Mod(x)).ToArray();
        Assert.All(actual, w => Assert.InRange(w, 0u, Oracle.P - 1));
        Assert.Equal(e, actual.Select(w => BabyBear.FromMonty(w).ToCanonical()));
    }

    private static uint[] Words(BabyBear4[] values) => values.SelectMany(v => new[] { v[0].Monty, v[1].Monty, v[2].Monty, v[3].Monty }).ToArray();

    private static BabyBear4[] Elements(uint[] words) =>
        Enumerable.Range(0, words.Length / 4)
            .Select(i => new BabyBear4(BabyBear.FromMonty(words[4 * i]), BabyBear.FromMonty(words[(4 * i) + 1]), BabyBear.FromMonty(words[(4 * i) + 2]), BabyBear.FromMonty(words[(4 * i) + 3])))
            .ToArray();
}
