using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using Tessera.Field;

using V = Tessera.Field.BabyBearVector;

namespace Tessera.Poly;

/// <summary>
/// Radix-2 NTT of one contiguous column, vectorised within the column: a stage with half-size h at
/// least the vector width pairs whole vectors and loads its twiddles as a vector from the stage's
/// contiguous table; the last log2(width) stages (h = 8, 4, 2, 1 with AVX-512) pair lanes inside one
/// register and are done with a lane permutation, a masked blend and the same field kernels.
/// </summary>
/// <remarks>
/// Stages whose blocks exceed 2^<see cref="BlockBits"/> lanes stream over the whole column (one pass
/// each, split across threads); the remaining stages run block by block while the block sits in L2.
/// </remarks>
internal static unsafe class ColumnNtt
{
    private const int BlockBits = 15;
    private const int StreamChunk = 1 << 12;

    /// <summary>Decimation in frequency: natural-order input, bit-reversed output.</summary>
    public static void Dif(uint* x, int logN, bool inverse, int dop)
    {
        var k = Math.Min(logN, BlockBits);
        for (var s = logN; s > k; s--)
        {
            StreamStage(x, logN, s, dif: true, inverse, dop);
        }

        var regBits = RegisterBits(k);
        var d = (nint)x;
        Parallelism.For(1 << (logN - k), dop, 1, (b0, b1) =>
        {
            for (var b = b0; b < b1; b++)
            {
                var blk = (uint*)d + ((long)b << k);
                for (var s = k; s > regBits; s--)
                {
                    var h = 1 << (s - 1);
                    var w = Twiddles.Pointer(s, inverse);
                    for (var o = 0; o < 1 << k; o += 2 * h)
                    {
                        Butterflies.DifStrided(blk + o, blk + o + h, w, h);
                    }
                }

                InRegister(blk, 1 << k, regBits, dif: true, inverse);
            }
        });
    }

    /// <summary>Decimation in time: bit-reversed input, natural-order output.</summary>
    public static void Dit(uint* x, int logN, bool inverse, int dop)
    {
        var k = Math.Min(logN, BlockBits);
        var regBits = RegisterBits(k);
        var d = (nint)x;
        Parallelism.For(1 << (logN - k), dop, 1, (b0, b1) =>
        {
            for (var b = b0; b < b1; b++)
            {
                var blk = (uint*)d + ((long)b << k);
                InRegister(blk, 1 << k, regBits, dif: false, inverse);
                for (var s = regBits + 1; s <= k; s++)
                {
                    var h = 1 << (s - 1);
                    var w = Twiddles.Pointer(s, inverse);
                    for (var o = 0; o < 1 << k; o += 2 * h)
                    {
                        Butterflies.DitStrided(blk + o, blk + o + h, w, h);
                    }
                }
            }
        });

        for (var s = k + 1; s <= logN; s++)
        {
            StreamStage(x, logN, s, dif: false, inverse, dop);
        }
    }

    /// <summary>Stages done inside registers: log2 of the vector width, when the block holds a whole vector.</summary>
    private static int RegisterBits(int logBlock) => V.Path switch
    {
        SimdPath.Avx512 when logBlock >= 4 => 4,
        SimdPath.Avx2 when logBlock >= 3 => 3,
        _ => 0,
    };

    /// <summary>One stage over the whole column, cut into chunks of butterflies for the threads.</summary>
    private static void StreamStage(uint* x, int logN, int s, bool dif, bool inverse, int dop)
    {
        var h = 1 << (s - 1); // a multiple of StreamChunk, since s exceeds BlockBits
        var w = (nint)Twiddles.Pointer(s, inverse);
        var d = (nint)x;
        Parallelism.For((1 << (logN - 1)) / StreamChunk, dop, 4, (c0, c1) =>
        {
            for (var c = c0; c < c1; c++)
            {
                var q = (long)c * StreamChunk;
                var i = (int)(q & (h - 1));
                var a = (uint*)d + ((q >> (s - 1)) << s) + i;
                if (dif)
                {
                    Butterflies.DifStrided(a, a + h, (uint*)w + i, StreamChunk);
                }
                else
                {
                    Butterflies.DitStrided(a, a + h, (uint*)w + i, StreamChunk);
                }
            }
        });
    }

    private static void InRegister(uint* x, int len, int regBits, bool dif, bool inverse)
    {
        if (regBits == 4)
        {
            InRegister512(x, len, dif, inverse);
        }
        else if (regBits == 3)
        {
            InRegister256(x, len, dif, inverse);
        }
    }

    // Two forms, not one loop at two widths: the 512-bit one runs four in-register stages and the
    // 256-bit one three, each with its own lane permutes, which the lane types do not abstract.
    // Lane j of stage s (half h = 2^(s−1)) is the upper element of its butterfly when j & h ≠ 0; its
    // partner is lane j ^ h and its twiddle is ω_{2h}^(j mod h). Lower lanes carry one in the twiddle
    // vector so the DIT pre-multiplication leaves them unchanged.
    private static void InRegister512(uint* x, int len, bool dif, bool inverse)
    {
        var p1 = Partner512(1);
        var p2 = Partner512(2);
        var p4 = Partner512(4);
        var p8 = Partner512(8);
        var m1 = Upper512(1);
        var m2 = Upper512(2);
        var m4 = Upper512(4);
        var m8 = Upper512(8);
        var t2 = Twiddle512(2, inverse);
        var t3 = Twiddle512(3, inverse);
        var t4 = Twiddle512(4, inverse);
        if (dif)
        {
            for (var i = 0; i < len; i += 16)
            {
                var v = Vector512.Load(x + i);
                v = Dif512(v, p8, m8, t4);
                v = Dif512(v, p4, m4, t3);
                v = Dif512(v, p2, m2, t2);
                var sw = Avx512F.PermuteVar16x32(v, p1);
                v = Vector512.ConditionalSelect(m1, V.Sub(sw, v), V.Add(v, sw));
                v.Store(x + i);
            }
        }
        else
        {
            for (var i = 0; i < len; i += 16)
            {
                var v = Vector512.Load(x + i);
                var sw = Avx512F.PermuteVar16x32(v, p1);
                v = Vector512.ConditionalSelect(m1, V.Sub(sw, v), V.Add(v, sw));
                v = Dit512(v, p2, m2, t2);
                v = Dit512(v, p4, m4, t3);
                v = Dit512(v, p8, m8, t4);
                v.Store(x + i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Dif512(Vector512<uint> v, Vector512<uint> partner, Vector512<uint> upper, Vector512<uint> tw)
    {
        var sw = Avx512F.PermuteVar16x32(v, partner);
        return Vector512.ConditionalSelect(upper, V.Mul(V.Sub(sw, v), tw), V.Add(v, sw));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Dit512(Vector512<uint> v, Vector512<uint> partner, Vector512<uint> upper, Vector512<uint> tw)
    {
        var t = V.Mul(v, tw);
        var sw = Avx512F.PermuteVar16x32(t, partner);
        return Vector512.ConditionalSelect(upper, V.Sub(sw, t), V.Add(t, sw));
    }

    private static Vector512<uint> Partner512(int h)
    {
        Span<uint> l = stackalloc uint[16];
        for (var j = 0; j < 16; j++)
        {
            l[j] = (uint)(j ^ h);
        }

        return Vector512.Create<uint>(l);
    }

    private static Vector512<uint> Upper512(int h)
    {
        Span<uint> l = stackalloc uint[16];
        for (var j = 0; j < 16; j++)
        {
            l[j] = (j & h) != 0 ? uint.MaxValue : 0;
        }

        return Vector512.Create<uint>(l);
    }

    private static Vector512<uint> Twiddle512(int s, bool inverse)
    {
        Span<uint> l = stackalloc uint[16];
        Lanes(l, s, inverse);
        return Vector512.Create<uint>(l);
    }

    private static void InRegister256(uint* x, int len, bool dif, bool inverse)
    {
        var p1 = Partner256(1);
        var p2 = Partner256(2);
        var p4 = Partner256(4);
        var m1 = Upper256(1);
        var m2 = Upper256(2);
        var m4 = Upper256(4);
        var t2 = Twiddle256(2, inverse);
        var t3 = Twiddle256(3, inverse);
        if (dif)
        {
            for (var i = 0; i < len; i += 8)
            {
                var v = Vector256.Load(x + i);
                v = Dif256(v, p4, m4, t3);
                v = Dif256(v, p2, m2, t2);
                var sw = Avx2.PermuteVar8x32(v, p1);
                v = Vector256.ConditionalSelect(m1, V.Sub(sw, v), V.Add(v, sw));
                v.Store(x + i);
            }
        }
        else
        {
            for (var i = 0; i < len; i += 8)
            {
                var v = Vector256.Load(x + i);
                var sw = Avx2.PermuteVar8x32(v, p1);
                v = Vector256.ConditionalSelect(m1, V.Sub(sw, v), V.Add(v, sw));
                v = Dit256(v, p2, m2, t2);
                v = Dit256(v, p4, m4, t3);
                v.Store(x + i);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Dif256(Vector256<uint> v, Vector256<uint> partner, Vector256<uint> upper, Vector256<uint> tw)
    {
        var sw = Avx2.PermuteVar8x32(v, partner);
        return Vector256.ConditionalSelect(upper, V.Mul(V.Sub(sw, v), tw), V.Add(v, sw));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Dit256(Vector256<uint> v, Vector256<uint> partner, Vector256<uint> upper, Vector256<uint> tw)
    {
        var t = V.Mul(v, tw);
        var sw = Avx2.PermuteVar8x32(t, partner);
        return Vector256.ConditionalSelect(upper, V.Sub(sw, t), V.Add(t, sw));
    }

    private static Vector256<uint> Partner256(int h)
    {
        Span<uint> l = stackalloc uint[8];
        for (var j = 0; j < 8; j++)
        {
            l[j] = (uint)(j ^ h);
        }

        return Vector256.Create<uint>(l);
    }

    private static Vector256<uint> Upper256(int h)
    {
        Span<uint> l = stackalloc uint[8];
        for (var j = 0; j < 8; j++)
        {
            l[j] = (j & h) != 0 ? uint.MaxValue : 0;
        }

        return Vector256.Create<uint>(l);
    }

    private static Vector256<uint> Twiddle256(int s, bool inverse)
    {
        Span<uint> l = stackalloc uint[8];
        Lanes(l, s, inverse);
        return Vector256.Create<uint>(l);
    }

    private static void Lanes(Span<uint> lanes, int s, bool inverse)
    {
        var h = 1 << (s - 1);
        var w = Twiddles.Get(s, inverse);
        for (var j = 0; j < lanes.Length; j++)
        {
            lanes[j] = (j & h) != 0 ? Butterflies.Raw(w[j & (h - 1)]) : Butterflies.Raw(BabyBear.One);
        }
    }
}
