using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tessera.Field;

/// <summary>
/// Extension-field arithmetic on SIMD vectors and over spans of <see cref="BabyBear4"/>.
/// </summary>
/// <remarks>
/// Vectors hold extension elements in their natural layout, one per 128-bit group
/// [c0, c1, c2, c3] of Montgomery lanes: four per <see cref="Vector512{T}"/>, two per
/// <see cref="Vector256{T}"/>. A <see cref="Span{T}"/> of <see cref="BabyBear4"/> loads as such
/// vectors directly. Results are bit-identical to <see cref="BabyBear4"/>'s operators.
/// </remarks>
public static class BabyBear4Vector
{
    /// <summary>
    /// Extension multiplication of four packed elements by four. a·b = Σₖ aₖ·(Xᵏ·b), where Xᵏ·b is b
    /// rotated k places within its group with the wrapped coefficients times W; the four products
    /// per lane are summed in 64 bits and reduced once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Mul(Vector512<uint> a, Vector512<uint> b)
    {
        var bw = TimesW(b);

        // Lanes below k in each group take the wrapped (times W) coefficient.
        var wrap1 = Vector512.Create(0xFFFFFFFFu, 0, 0, 0, 0xFFFFFFFFu, 0, 0, 0, 0xFFFFFFFFu, 0, 0, 0, 0xFFFFFFFFu, 0, 0, 0);
        var wrap2 = Vector512.Create(0xFFFFFFFF_FFFFFFFFUL, 0, 0xFFFFFFFF_FFFFFFFFUL, 0, 0xFFFFFFFF_FFFFFFFFUL, 0, 0xFFFFFFFF_FFFFFFFFUL, 0).AsUInt32();
        var wrap3 = ~Vector512.Create(0, 0, 0, 0xFFFFFFFFu, 0, 0, 0, 0xFFFFFFFFu, 0, 0, 0, 0xFFFFFFFFu, 0, 0, 0, 0xFFFFFFFFu);

        var xb1 = Vector512.ConditionalSelect(wrap1, Avx512F.Shuffle(bw, Rot1), Avx512F.Shuffle(b, Rot1));
        var xb2 = Vector512.ConditionalSelect(wrap2, Avx512F.Shuffle(bw, Rot2), Avx512F.Shuffle(b, Rot2));
        var xb3 = Vector512.ConditionalSelect(wrap3, Avx512F.Shuffle(bw, Rot3), Avx512F.Shuffle(b, Rot3));

        // aₖ fills its group, so its low u32 of every 64-bit lane is aₖ: it multiplies even and odd lanes alike.
        var a0 = Avx512F.Shuffle(a, 0b00_00_00_00);
        var a1 = Avx512F.Shuffle(a, 0b01_01_01_01);
        var a2 = Avx512F.Shuffle(a, 0b10_10_10_10);
        var a3 = Avx512F.Shuffle(a, 0b11_11_11_11);

        var evn = Avx512F.Multiply(a0, b) + Avx512F.Multiply(a1, xb1) + Avx512F.Multiply(a2, xb2) + Avx512F.Multiply(a3, xb3);
        var odd = Avx512F.Multiply(a0, Odd(b)) + Avx512F.Multiply(a1, Odd(xb1))
            + Avx512F.Multiply(a2, Odd(xb2)) + Avx512F.Multiply(a3, Odd(xb3));
        return ReduceSum(evn, odd);
    }

    /// <summary>Extension multiplication of two packed elements by two (see the 512-bit form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Mul(Vector256<uint> a, Vector256<uint> b)
    {
        var bw = TimesW(b);
        var wrap1 = Vector256.Create(0xFFFFFFFFu, 0, 0, 0, 0xFFFFFFFFu, 0, 0, 0);
        var wrap2 = Vector256.Create(0xFFFFFFFF_FFFFFFFFUL, 0, 0xFFFFFFFF_FFFFFFFFUL, 0).AsUInt32();
        var wrap3 = ~Vector256.Create(0, 0, 0, 0xFFFFFFFFu, 0, 0, 0, 0xFFFFFFFFu);

        var xb1 = Vector256.ConditionalSelect(wrap1, Avx2.Shuffle(bw, Rot1), Avx2.Shuffle(b, Rot1));
        var xb2 = Vector256.ConditionalSelect(wrap2, Avx2.Shuffle(bw, Rot2), Avx2.Shuffle(b, Rot2));
        var xb3 = Vector256.ConditionalSelect(wrap3, Avx2.Shuffle(bw, Rot3), Avx2.Shuffle(b, Rot3));

        var a0 = Avx2.Shuffle(a, 0b00_00_00_00);
        var a1 = Avx2.Shuffle(a, 0b01_01_01_01);
        var a2 = Avx2.Shuffle(a, 0b10_10_10_10);
        var a3 = Avx2.Shuffle(a, 0b11_11_11_11);

        var evn = Avx2.Multiply(a0, b) + Avx2.Multiply(a1, xb1) + Avx2.Multiply(a2, xb2) + Avx2.Multiply(a3, xb3);
        var odd = Avx2.Multiply(a0, Odd(b)) + Avx2.Multiply(a1, Odd(xb1))
            + Avx2.Multiply(a2, Odd(xb2)) + Avx2.Multiply(a3, Odd(xb3));
        return ReduceSum(evn, odd);
    }

    /// <summary>dst[i] = a[i] · b[i]. Spans may alias.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Mul(ReadOnlySpan<BabyBear4> a, ReadOnlySpan<BabyBear4> b, Span<BabyBear4> dst)
    {
        CheckLengths(a.Length, b.Length, dst.Length);
        var done = BabyBearVector.Path switch
        {
            SimdPath.Avx512 => Mul<Lanes512, Vector512<uint>>(a, b, dst),
            SimdPath.Avx2 => Mul<Lanes256, Vector256<uint>>(a, b, dst),
            _ => 0,
        };
        for (var j = done; j < a.Length; j++)
        {
            dst[j] = a[j] * b[j];
        }
    }

    /// <summary>dst[i] = a[i] · s for one extension element s. Spans may alias.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void MulScalar(ReadOnlySpan<BabyBear4> a, BabyBear4 s, Span<BabyBear4> dst)
    {
        CheckLengths(a.Length, a.Length, dst.Length);
        var done = BabyBearVector.Path switch
        {
            SimdPath.Avx512 => MulScalar<Lanes512, Vector512<uint>>(a, s, dst),
            SimdPath.Avx2 => MulScalar<Lanes256, Vector256<uint>>(a, s, dst),
            _ => 0,
        };
        for (var j = done; j < a.Length; j++)
        {
            dst[j] = a[j] * s;
        }
    }

    /// <summary>dst[i] = a[i] · b[i] for a base-field b: four base multiplications each. Spans may alias.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void MulBase(ReadOnlySpan<BabyBear4> a, ReadOnlySpan<BabyBear> b, Span<BabyBear4> dst)
    {
        CheckLengths(a.Length, b.Length, dst.Length);
        var done = BabyBearVector.Path switch
        {
            SimdPath.Avx512 => MulBase<Lanes512, Vector512<uint>>(a, b, dst),
            SimdPath.Avx2 => MulBase<Lanes256, Vector256<uint>>(a, b, dst),
            _ => 0,
        };
        for (var j = done; j < a.Length; j++)
        {
            dst[j] = a[j] * b[j];
        }
    }

    /// <summary>
    /// acc[i] −= s·b[i] for one extension element s and base-field b: four base products and
    /// subtractions each (LogUp folds a tuple into its denominator α − bus − Σ_j β^(j+1)·t_j so).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void SubScaledBase(Span<BabyBear4> acc, BabyBear4 s, ReadOnlySpan<BabyBear> b)
    {
        CheckLengths(acc.Length, b.Length, acc.Length);
        var done = BabyBearVector.Path switch
        {
            SimdPath.Avx512 => SubScaledBase<Lanes512, Vector512<uint>>(acc, s, b),
            SimdPath.Avx2 => SubScaledBase<Lanes256, Vector256<uint>>(acc, s, b),
            _ => 0,
        };
        for (var j = done; j < acc.Length; j++)
        {
            acc[j] -= s * b[j];
        }
    }

    // The vector bodies of the span kernels, once for both widths; each returns how many elements it did.

    private static int Mul<TL, TV>(ReadOnlySpan<BabyBear4> a, ReadOnlySpan<BabyBear4> b, Span<BabyBear4> dst)
        where TL : IPackedExtensionLanes<TV>
        where TV : unmanaged
    {
        ref var xr = ref Lanes(a);
        ref var yr = ref Lanes(b);
        ref var zr = ref Lanes(dst);
        var lanes = (nuint)TL.Count;
        var n = (nuint)a.Length * 4;
        nuint i = 0;
        for (; i + lanes <= n; i += lanes)
        {
            TL.Store(TL.MulExtension(TL.Load(ref Unsafe.Add(ref xr, i)), TL.Load(ref Unsafe.Add(ref yr, i))), ref Unsafe.Add(ref zr, i));
        }

        return (int)(i / 4);
    }

    private static int MulScalar<TL, TV>(ReadOnlySpan<BabyBear4> a, BabyBear4 s, Span<BabyBear4> dst)
        where TL : IPackedExtensionLanes<TV>
        where TV : unmanaged
    {
        ref var xr = ref Lanes(a);
        ref var zr = ref Lanes(dst);
        var sv = TL.SplatExtension(s);
        var lanes = (nuint)TL.Count;
        var n = (nuint)a.Length * 4;
        nuint i = 0;
        for (; i + lanes <= n; i += lanes)
        {
            TL.Store(TL.MulExtension(TL.Load(ref Unsafe.Add(ref xr, i)), sv), ref Unsafe.Add(ref zr, i));
        }

        return (int)(i / 4);
    }

    private static int MulBase<TL, TV>(ReadOnlySpan<BabyBear4> a, ReadOnlySpan<BabyBear> b, Span<BabyBear4> dst)
        where TL : IPackedExtensionLanes<TV>
        where TV : unmanaged
    {
        ref var xr = ref Lanes(a);
        ref var yr = ref Unsafe.As<BabyBear, uint>(ref MemoryMarshal.GetReference(b));
        ref var zr = ref Lanes(dst);
        var elements = (nuint)(TL.Count / 4);
        var n = (nuint)a.Length;
        nuint i = 0;
        for (; i + elements <= n; i += elements)
        {
            var bb = TL.SpreadBase(ref Unsafe.Add(ref yr, i));
            TL.Store(TL.Mul(TL.Load(ref Unsafe.Add(ref xr, i * 4)), bb), ref Unsafe.Add(ref zr, i * 4));
        }

        return (int)i;
    }

    private static int SubScaledBase<TL, TV>(Span<BabyBear4> acc, BabyBear4 s, ReadOnlySpan<BabyBear> b)
        where TL : IPackedExtensionLanes<TV>
        where TV : unmanaged
    {
        ref var zr = ref Lanes(acc);
        ref var yr = ref Unsafe.As<BabyBear, uint>(ref MemoryMarshal.GetReference(b));
        var sv = TL.SplatExtension(s);
        var elements = (nuint)(TL.Count / 4);
        var n = (nuint)acc.Length;
        nuint i = 0;
        for (; i + elements <= n; i += elements)
        {
            ref var z = ref Unsafe.Add(ref zr, i * 4);
            TL.Store(TL.Sub(TL.Load(ref z), TL.Mul(sv, TL.SpreadBase(ref Unsafe.Add(ref yr, i)))), ref z);
        }

        return (int)i;
    }

    /// <summary>The inner product Σ a[i]·b[i] of extension elements with base-field ones, reduced once at the end.</summary>
    /// <remarks>
    /// A base factor scales every coordinate alike, so this is four base-field dot products run in
    /// one pass: b[i] is spread over the four lanes of its extension element. As in
    /// <see cref="BabyBearVector.Dot"/>, the 64-bit products are accumulated in split 32-bit halves,
    /// so nothing overflows for any span length; one Montgomery reduction per coordinate ends it.
    /// </remarks>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static BabyBear4 DotBase(ReadOnlySpan<BabyBear4> a, ReadOnlySpan<BabyBear> b)
    {
        CheckLengths(a.Length, b.Length, a.Length);
        ref var xr = ref Lanes(a);
        ref var yr = ref Unsafe.As<BabyBear, uint>(ref MemoryMarshal.GetReference(b));
        var n = (nuint)a.Length;
        nuint i = 0;
        ulong lo0 = 0, lo1 = 0, lo2 = 0, lo3 = 0, hi0 = 0, hi1 = 0, hi2 = 0, hi3 = 0;

        // 64-bit lane j of the even products holds coordinate 0 (j even) or 2 (j odd); of the odd
        // products, coordinate 1 or 3. Two products summed stay below 2p² < 2^63 before the split.
        if (BabyBearVector.Path == SimdPath.Avx512)
        {
            var spread0 = Vector512.Create(0u, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
            var spread1 = Vector512.Create(4u, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7);
            var mask = Vector512.Create(0xFFFFFFFFUL);
            Vector512<ulong> eLo = default, eHi = default, oLo = default, oHi = default;
            for (; i + 8 <= n; i += 8)
            {
                var bv = Vector256.LoadUnsafe(ref yr, i).ToVector512Unsafe();
                var b0 = Avx512F.PermuteVar16x32(bv, spread0);
                var b1 = Avx512F.PermuteVar16x32(bv, spread1);
                var a0 = Vector512.LoadUnsafe(ref xr, i * 4);
                var a1 = Vector512.LoadUnsafe(ref xr, (i * 4) + 16);
                var e = Avx512F.Multiply(a0, b0) + Avx512F.Multiply(a1, b1);
                var o = Avx512F.Multiply(Odd(a0), Odd(b0)) + Avx512F.Multiply(Odd(a1), Odd(b1));
                eLo += e & mask;
                eHi += e >> 32;
                oLo += o & mask;
                oHi += o >> 32;
            }

            AddAlternate(eLo, ref lo0, ref lo2);
            AddAlternate(eHi, ref hi0, ref hi2);
            AddAlternate(oLo, ref lo1, ref lo3);
            AddAlternate(oHi, ref hi1, ref hi3);
        }
        else if (BabyBearVector.Path == SimdPath.Avx2)
        {
            var spread0 = Vector256.Create(0u, 0, 0, 0, 1, 1, 1, 1);
            var spread1 = Vector256.Create(2u, 2, 2, 2, 3, 3, 3, 3);
            var mask = Vector256.Create(0xFFFFFFFFUL);
            Vector256<ulong> eLo = default, eHi = default, oLo = default, oHi = default;
            for (; i + 4 <= n; i += 4)
            {
                var bv = Vector128.LoadUnsafe(ref yr, i).ToVector256Unsafe();
                var b0 = Avx2.PermuteVar8x32(bv, spread0);
                var b1 = Avx2.PermuteVar8x32(bv, spread1);
                var a0 = Vector256.LoadUnsafe(ref xr, i * 4);
                var a1 = Vector256.LoadUnsafe(ref xr, (i * 4) + 8);
                var e = Avx2.Multiply(a0, b0) + Avx2.Multiply(a1, b1);
                var o = Avx2.Multiply(Odd(a0), Odd(b0)) + Avx2.Multiply(Odd(a1), Odd(b1));
                eLo += e & mask;
                eHi += e >> 32;
                oLo += o & mask;
                oHi += o >> 32;
            }

            AddAlternate(eLo, ref lo0, ref lo2);
            AddAlternate(eHi, ref hi0, ref hi2);
            AddAlternate(oLo, ref lo1, ref lo3);
            AddAlternate(oHi, ref hi1, ref hi3);
        }

        for (; i < n; i++)
        {
            ulong y = Unsafe.Add(ref yr, i);
            var p0 = Unsafe.Add(ref xr, i * 4) * y;
            var p1 = Unsafe.Add(ref xr, (i * 4) + 1) * y;
            var p2 = Unsafe.Add(ref xr, (i * 4) + 2) * y;
            var p3 = Unsafe.Add(ref xr, (i * 4) + 3) * y;
            lo0 += (uint)p0;
            hi0 += p0 >> 32;
            lo1 += (uint)p1;
            hi1 += p1 >> 32;
            lo2 += (uint)p2;
            hi2 += p2 >> 32;
            lo3 += (uint)p3;
            hi3 += p3 >> 32;
        }

        return new BabyBear4(Reduce(lo0, hi0), Reduce(lo1, hi1), Reduce(lo2, hi2), Reduce(lo3, hi3));
    }

    // The sum hi·2^32 + lo of Montgomery products carries an extra R = 2^32; dividing it out leaves
    // hi + lo·R⁻¹. One Montgomery reduction takes lo below p·2^32, which only spans of about 2^30
    // elements or more can exceed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static BabyBear Reduce(ulong lo, ulong hi)
    {
        if (lo >= (ulong)BabyBear.Modulus << 32)
        {
            lo %= BabyBear.Modulus;
        }

        return BabyBear.FromMonty((uint)(hi % BabyBear.Modulus)) + BabyBear.FromMonty(BabyBear.MontyReduce(lo));
    }

    // Lanes j and j + 2 share a parity, so halving the vector keeps even and odd lanes apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddAlternate(Vector512<ulong> v, ref ulong even, ref ulong odd) =>
        AddAlternate(v.GetLower() + v.GetUpper(), ref even, ref odd);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddAlternate(Vector256<ulong> v, ref ulong even, ref ulong odd)
    {
        var h = v.GetLower() + v.GetUpper();
        even += h.ToScalar();
        odd += h.GetElement(1);
    }

    /// <summary>dst[i] = a[i] + b[i]. Spans may alias.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Add(ReadOnlySpan<BabyBear4> a, ReadOnlySpan<BabyBear4> b, Span<BabyBear4> dst) =>
        BabyBearVector.Add(Base(a), Base(b), MemoryMarshal.Cast<BabyBear4, BabyBear>(dst));

    /// <summary>dst[i] = a[i] − b[i]. Spans may alias.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Sub(ReadOnlySpan<BabyBear4> a, ReadOnlySpan<BabyBear4> b, Span<BabyBear4> dst) =>
        BabyBearVector.Sub(Base(a), Base(b), MemoryMarshal.Cast<BabyBear4, BabyBear>(dst));

    // vpshufd controls rotating each group k places up: lane j takes lane (j − k) mod 4.
    private const byte Rot1 = 0b10_01_00_11;
    private const byte Rot2 = 0b01_00_11_10;
    private const byte Rot3 = 0b00_11_10_01;

    /// <summary>11·v lane-wise as 8v + 2v + v: five additions beat a Montgomery multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> TimesW(Vector512<uint> v)
    {
        var v2 = BabyBearVector.Add(v, v);
        var v8 = BabyBearVector.Add(BabyBearVector.Add(v2, v2), BabyBearVector.Add(v2, v2));
        return BabyBearVector.Add(BabyBearVector.Add(v8, v2), v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> TimesW(Vector256<uint> v)
    {
        var v2 = BabyBearVector.Add(v, v);
        var v8 = BabyBearVector.Add(BabyBearVector.Add(v2, v2), BabyBearVector.Add(v2, v2));
        return BabyBearVector.Add(BabyBearVector.Add(v8, v2), v);
    }

    /// <summary>
    /// Montgomery reduction of 64-bit sums of four products of reduced values (below 4p² &lt; 2^64):
    /// the quotient lies in (−p, 2p), fixed by adding p on borrow and then subtracting p if still ≥ p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> ReduceSum(Vector512<ulong> evn, Vector512<ulong> odd)
    {
        var mu = Vector512.Create(BabyBear.MontyMu);
        var p = Vector512.Create(BabyBear.Modulus);
        var qpEvn = Avx512F.Multiply(Avx512F.Multiply(evn.AsUInt32(), mu).AsUInt32(), p);
        var qpOdd = Avx512F.Multiply(Avx512F.Multiply(odd.AsUInt32(), mu).AsUInt32(), p);
        var hi = BabyBearVector.Blend(Avx512F.DuplicateOddIndexed(evn.AsSingle()).AsUInt32(), odd.AsUInt32());
        var qpHi = BabyBearVector.Blend(Avx512F.DuplicateOddIndexed(qpEvn.AsSingle()).AsUInt32(), qpOdd.AsUInt32());
        var t = hi - qpHi + (Vector512.LessThan(hi, qpHi) & p);
        return Vector512.Min(t, t - p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> ReduceSum(Vector256<ulong> evn, Vector256<ulong> odd)
    {
        var mu = Vector256.Create(BabyBear.MontyMu);
        var p = Vector256.Create(BabyBear.Modulus);
        var qpEvn = Avx2.Multiply(Avx2.Multiply(evn.AsUInt32(), mu).AsUInt32(), p);
        var qpOdd = Avx2.Multiply(Avx2.Multiply(odd.AsUInt32(), mu).AsUInt32(), p);
        var hi = Avx2.Blend(Avx.DuplicateOddIndexed(evn.AsSingle()).AsUInt32(), odd.AsUInt32(), 0b1010_1010);
        var qpHi = Avx2.Blend(Avx.DuplicateOddIndexed(qpEvn.AsSingle()).AsUInt32(), qpOdd.AsUInt32(), 0b1010_1010);
        var t = hi - qpHi + (Vector256.LessThan(hi, qpHi) & p);
        return Vector256.Min(t, t - p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Odd(Vector512<uint> v) => (v.AsUInt64() >> 32).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Odd(Vector256<uint> v) => (v.AsUInt64() >> 32).AsUInt32();

    private static ref uint Lanes(ReadOnlySpan<BabyBear4> s) =>
        ref Unsafe.As<BabyBear4, uint>(ref MemoryMarshal.GetReference(s));

    private static ReadOnlySpan<BabyBear> Base(ReadOnlySpan<BabyBear4> s) => MemoryMarshal.Cast<BabyBear4, BabyBear>(s);

    private static void CheckLengths(int a, int b, int dst)
    {
        if (a != b || a != dst)
        {
            throw new ArgumentException($"Span lengths differ: {a}, {b}, {dst}.");
        }
    }
}
