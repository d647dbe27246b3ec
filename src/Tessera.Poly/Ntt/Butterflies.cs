using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

using Tessera.Field;

using V = Tessera.Field.BabyBearVector;

namespace Tessera.Poly;

/// <summary>
/// Radix-2 butterflies over runs of Montgomery lanes, at the widest width <see cref="BabyBearVector.Path"/>
/// allows, then one 256-bit step (AVX-512 implies AVX2; a narrow row such as the 8 lanes of two
/// extension-field columns would otherwise run scalar), then a scalar tail. Decimation in frequency
/// (DIF): a' = a + b, b' = (a − b)·w. Decimation in time (DIT): t = b·w, a' = a + t, b' = a − t.
/// Every path gives bit-identical results because each lane is exact field arithmetic.
/// </summary>
internal static unsafe class Butterflies
{
    /// <summary>DIF on n lane pairs with one twiddle for all (rows of a matrix).</summary>
    public static void DifBroadcast(uint* a, uint* b, int n, uint w)
    {
        var i = 0;
        if (V.Path == SimdPath.Avx512)
        {
            var wv = Vector512.Create(w);
            for (; i + 16 <= n; i += 16)
            {
                var x = Vector512.Load(a + i);
                var y = Vector512.Load(b + i);
                V.Add(x, y).Store(a + i);
                V.Mul(V.Sub(x, y), wv).Store(b + i);
            }
        }

        if (V.Path != SimdPath.Scalar)
        {
            var wv = Vector256.Create(w);
            for (; i + 8 <= n; i += 8)
            {
                var x = Vector256.Load(a + i);
                var y = Vector256.Load(b + i);
                V.Add(x, y).Store(a + i);
                V.Mul(V.Sub(x, y), wv).Store(b + i);
            }
        }

        if (V.Path != SimdPath.Scalar && i + 4 <= n)
        {
            // The 4 lanes of one extension-field column (aux widths 4 mod 8): 256-bit arithmetic
            // on a 128-bit load, whose upper lanes are computed and never stored.
            var x = Vector128.Load(a + i).ToVector256Unsafe();
            var y = Vector128.Load(b + i).ToVector256Unsafe();
            V.Add(x, y).GetLower().Store(a + i);
            V.Mul(V.Sub(x, y), Vector256.Create(w)).GetLower().Store(b + i);
            i += 4;
        }

        for (; i < n; i++)
        {
            var x = a[i];
            var y = b[i];
            a[i] = Add(x, y);
            b[i] = Mul(Sub(x, y), w);
        }
    }

    /// <summary>DIF with twiddle one (the first butterfly of every block needs no product).</summary>
    public static void DifBroadcastOne(uint* a, uint* b, int n)
    {
        var i = 0;
        if (V.Path == SimdPath.Avx512)
        {
            for (; i + 16 <= n; i += 16)
            {
                var x = Vector512.Load(a + i);
                var y = Vector512.Load(b + i);
                V.Add(x, y).Store(a + i);
                V.Sub(x, y).Store(b + i);
            }
        }

        if (V.Path != SimdPath.Scalar)
        {
            for (; i + 8 <= n; i += 8)
            {
                var x = Vector256.Load(a + i);
                var y = Vector256.Load(b + i);
                V.Add(x, y).Store(a + i);
                V.Sub(x, y).Store(b + i);
            }
        }

        if (V.Path != SimdPath.Scalar && i + 4 <= n)
        {
            var x = Vector128.Load(a + i).ToVector256Unsafe();
            var y = Vector128.Load(b + i).ToVector256Unsafe();
            V.Add(x, y).GetLower().Store(a + i);
            V.Sub(x, y).GetLower().Store(b + i);
            i += 4;
        }

        for (; i < n; i++)
        {
            var x = a[i];
            var y = b[i];
            a[i] = Add(x, y);
            b[i] = Sub(x, y);
        }
    }

    /// <summary>DIT on n lane pairs with one twiddle for all (rows of a matrix).</summary>
    public static void DitBroadcast(uint* a, uint* b, int n, uint w)
    {
        var i = 0;
        if (V.Path == SimdPath.Avx512)
        {
            var wv = Vector512.Create(w);
            for (; i + 16 <= n; i += 16)
            {
                var x = Vector512.Load(a + i);
                var t = V.Mul(Vector512.Load(b + i), wv);
                V.Add(x, t).Store(a + i);
                V.Sub(x, t).Store(b + i);
            }
        }

        if (V.Path != SimdPath.Scalar)
        {
            var wv = Vector256.Create(w);
            for (; i + 8 <= n; i += 8)
            {
                var x = Vector256.Load(a + i);
                var t = V.Mul(Vector256.Load(b + i), wv);
                V.Add(x, t).Store(a + i);
                V.Sub(x, t).Store(b + i);
            }
        }

        if (V.Path != SimdPath.Scalar && i + 4 <= n)
        {
            var x = Vector128.Load(a + i).ToVector256Unsafe();
            var t = V.Mul(Vector128.Load(b + i).ToVector256Unsafe(), Vector256.Create(w));
            V.Add(x, t).GetLower().Store(a + i);
            V.Sub(x, t).GetLower().Store(b + i);
            i += 4;
        }

        for (; i < n; i++)
        {
            var x = a[i];
            var t = Mul(b[i], w);
            a[i] = Add(x, t);
            b[i] = Sub(x, t);
        }
    }

    /// <summary>DIF on n lane pairs, lane i with twiddle w[i] (stages of one long column).</summary>
    public static void DifStrided(uint* a, uint* b, uint* w, int n) => Strided<Dif>(a, b, w, n);

    /// <summary>DIT on n lane pairs, lane i with twiddle w[i] (stages of one long column).</summary>
    public static void DitStrided(uint* a, uint* b, uint* w, int n) => Strided<Dit>(a, b, w, n);

    // The strided butterflies are one loop run at each width in turn (16, 8, 4 lanes, then one at a
    // time), the butterfly and the lanes type parameters that the JIT inlines: as fast as the
    // per-width copies were (NTT of one 2^20 column, one thread: 4.3-4.4 ms before, 4.2-4.5 after).
    // The broadcast forms above stay written out per width: the same generic loop made the one-thread
    // LDE of 64 × 2^18 1.27× slower (173 → 220-227 ms, BenchmarkDotNet, this 2-vCPU Xeon), where each
    // call is a row of only 64 lanes and the loop's overhead is a large share of it.
    private static void Strided<TB>(uint* a, uint* b, uint* w, int n)
        where TB : IButterfly
    {
        var i = 0;
        if (V.Path == SimdPath.Avx512)
        {
            i = Strided<TB, Lanes512, Vector512<uint>>(a, b, w, i, n);
        }

        if (V.Path != SimdPath.Scalar)
        {
            i = Strided<TB, Lanes256, Vector256<uint>>(a, b, w, i, n);
            i = Strided<TB, Lanes128, Vector256<uint>>(a, b, w, i, n);
        }

        Strided<TB, LanesScalar, uint>(a, b, w, i, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Strided<TB, TL, TV>(uint* a, uint* b, uint* w, int i, int n)
        where TB : IButterfly
        where TL : IPackedLanes<TV>
        where TV : unmanaged
    {
        for (; i + TL.Count <= n; i += TL.Count)
        {
            TB.Apply<TL, TV>(ref a[i], ref b[i], TL.Load(ref w[i]));
        }

        return i;
    }

    /// <summary>One butterfly on a bundle of lanes at <c>a</c> and <c>b</c> with twiddles <c>w</c>.</summary>
    private interface IButterfly
    {
        static abstract void Apply<TL, TV>(ref uint a, ref uint b, TV w)
            where TL : IPackedLanes<TV>
            where TV : unmanaged;
    }

    /// <summary>a' = a + b, b' = (a − b)·w.</summary>
    private readonly struct Dif : IButterfly
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Apply<TL, TV>(ref uint a, ref uint b, TV w)
            where TL : IPackedLanes<TV>
            where TV : unmanaged
        {
            var x = TL.Load(ref a);
            var y = TL.Load(ref b);
            TL.Store(TL.Add(x, y), ref a);
            TL.Store(TL.Mul(TL.Sub(x, y), w), ref b);
        }
    }

    /// <summary>t = b·w, a' = a + t, b' = a − t.</summary>
    private readonly struct Dit : IButterfly
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Apply<TL, TV>(ref uint a, ref uint b, TV w)
            where TL : IPackedLanes<TV>
            where TV : unmanaged
        {
            var x = TL.Load(ref a);
            var t = TL.Mul(TL.Load(ref b), w);
            TL.Store(TL.Add(x, t), ref a);
            TL.Store(TL.Sub(x, t), ref b);
        }
    }

    /// <summary>dst[i] = src[i] · s over n lanes (src and dst may alias).</summary>
    public static void Scale(uint* src, uint* dst, int n, uint s)
    {
        var i = 0;
        if (V.Path == SimdPath.Avx512)
        {
            var sv = Vector512.Create(s);
            for (; i + 16 <= n; i += 16)
            {
                V.Mul(Vector512.Load(src + i), sv).Store(dst + i);
            }
        }

        if (V.Path != SimdPath.Scalar)
        {
            var sv = Vector256.Create(s);
            for (; i + 8 <= n; i += 8)
            {
                V.Mul(Vector256.Load(src + i), sv).Store(dst + i);
            }
        }

        if (V.Path != SimdPath.Scalar && i + 4 <= n)
        {
            V.Mul(Vector128.Load(src + i).ToVector256Unsafe(), Vector256.Create(s)).GetLower().Store(dst + i);
            i += 4;
        }

        for (; i < n; i++)
        {
            dst[i] = Mul(src[i], s);
        }
    }

    /// <summary>Field sum of two Montgomery values, through <see cref="BabyBear"/>'s own operator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint a, uint b) => Raw(Unsafe.BitCast<uint, BabyBear>(a) + Unsafe.BitCast<uint, BabyBear>(b));

    /// <summary>Field difference of two Montgomery values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sub(uint a, uint b) => Raw(Unsafe.BitCast<uint, BabyBear>(a) - Unsafe.BitCast<uint, BabyBear>(b));

    /// <summary>Field product of two Montgomery values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mul(uint a, uint b) => Raw(Unsafe.BitCast<uint, BabyBear>(a) * Unsafe.BitCast<uint, BabyBear>(b));

    /// <summary>The Montgomery lane of an element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Raw(BabyBear x) => Unsafe.BitCast<BabyBear, uint>(x);
}
