using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tessera.Field;

/// <summary>Which SIMD width the field kernels run at on this process.</summary>
public enum SimdPath
{
    /// <summary>Plain 32-bit scalar code.</summary>
    Scalar,

    /// <summary>AVX2: 8 lanes per vector.</summary>
    Avx2,

    /// <summary>AVX-512: 16 lanes per vector.</summary>
    Avx512,
}

/// <summary>
/// BabyBear arithmetic on SIMD vectors of Montgomery-form lanes (16 lanes with AVX-512, 8 with AVX2),
/// and span kernels that run at the widest width the CPU offers with a scalar tail.
/// </summary>
/// <remarks>
/// Every lane holds a reduced Montgomery value in [0, p). Results are bit-identical to
/// <see cref="BabyBear"/>'s scalar operators on every path.
/// </remarks>
public static class BabyBearVector
{
    /// <summary>The widest path the kernels take in this process (honours DOTNET_EnableAVX512F=0 etc.).</summary>
    public static SimdPath Path { get; } =
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? SimdPath.Avx512
        : Avx2.IsSupported ? SimdPath.Avx2
        : SimdPath.Scalar;

    /// <summary>Lanes per vector on the active path (1 for scalar).</summary>
    public static int Width => Path switch
    {
        SimdPath.Avx512 => 16,
        SimdPath.Avx2 => 8,
        _ => 1,
    };

    // ---- 512-bit -------------------------------------------------------------------------

    /// <summary>Lane-wise field addition, 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b)
    {
        var s = a + b;
        return Vector512.Min(s, s - Vector512.Create(BabyBear.Modulus));
    }

    /// <summary>Lane-wise field subtraction, 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Sub(Vector512<uint> a, Vector512<uint> b)
    {
        var d = a - b;
        return Vector512.Min(d, d + Vector512.Create(BabyBear.Modulus));
    }

    /// <summary>Lane-wise field negation, 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Neg(Vector512<uint> a) => Sub(Vector512<uint>.Zero, a);

    /// <summary>
    /// Lane-wise Montgomery multiplication, 16 lanes. The 32×32→64 multiply works on even lanes, so
    /// odd lanes are moved down (movshdup), both halves are reduced, and a blend recombines them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Mul(Vector512<uint> a, Vector512<uint> b)
    {
        var mu = Vector512.Create(BabyBear.MontyMu);
        var p = Vector512.Create(BabyBear.Modulus);

        var aOdd = Avx512F.DuplicateOddIndexed(a.AsSingle()).AsUInt32();
        var bOdd = Avx512F.DuplicateOddIndexed(b.AsSingle()).AsUInt32();

        var prodEvn = Avx512F.Multiply(a, b);
        var prodOdd = Avx512F.Multiply(aOdd, bOdd);

        var qEvn = Avx512F.Multiply(prodEvn.AsUInt32(), mu);
        var qOdd = Avx512F.Multiply(prodOdd.AsUInt32(), mu);

        var qpEvn = Avx512F.Multiply(qEvn.AsUInt32(), p);
        var qpOdd = Avx512F.Multiply(qOdd.AsUInt32(), p);

        // High halves: even results sit in odd u32 positions of the even products; move them down.
        var prodHi = Blend(Avx512F.DuplicateOddIndexed(prodEvn.AsSingle()).AsUInt32(), prodOdd.AsUInt32());
        var qpHi = Blend(Avx512F.DuplicateOddIndexed(qpEvn.AsSingle()).AsUInt32(), qpOdd.AsUInt32());

        var t = prodHi - qpHi;
        return Vector512.Min(t, t + p);
    }

    /// <summary>Even lanes from <paramref name="evn"/>, odd lanes from <paramref name="odd"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<uint> Blend(Vector512<uint> evn, Vector512<uint> odd) =>
        Vector512.ConditionalSelect(Vector512.Create(0xFFFFFFFF00000000UL).AsUInt32(), odd, evn);

    // ---- 256-bit -------------------------------------------------------------------------

    /// <summary>Lane-wise field addition, 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b)
    {
        var s = a + b;
        return Vector256.Min(s, s - Vector256.Create(BabyBear.Modulus));
    }

    /// <summary>Lane-wise field subtraction, 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Sub(Vector256<uint> a, Vector256<uint> b)
    {
        var d = a - b;
        return Vector256.Min(d, d + Vector256.Create(BabyBear.Modulus));
    }

    /// <summary>Lane-wise field negation, 8 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Neg(Vector256<uint> a) => Sub(Vector256<uint>.Zero, a);

    /// <summary>Lane-wise Montgomery multiplication, 8 lanes (same scheme as the 512-bit form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Mul(Vector256<uint> a, Vector256<uint> b)
    {
        var mu = Vector256.Create(BabyBear.MontyMu);
        var p = Vector256.Create(BabyBear.Modulus);

        var aOdd = Avx.DuplicateOddIndexed(a.AsSingle()).AsUInt32();
        var bOdd = Avx.DuplicateOddIndexed(b.AsSingle()).AsUInt32();

        var prodEvn = Avx2.Multiply(a, b);
        var prodOdd = Avx2.Multiply(aOdd, bOdd);

        var qEvn = Avx2.Multiply(prodEvn.AsUInt32(), mu);
        var qOdd = Avx2.Multiply(prodOdd.AsUInt32(), mu);

        var qpEvn = Avx2.Multiply(qEvn.AsUInt32(), p);
        var qpOdd = Avx2.Multiply(qOdd.AsUInt32(), p);

        var prodHi = Avx2.Blend(Avx.DuplicateOddIndexed(prodEvn.AsSingle()).AsUInt32(), prodOdd.AsUInt32(), 0b1010_1010);
        var qpHi = Avx2.Blend(Avx.DuplicateOddIndexed(qpEvn.AsSingle()).AsUInt32(), qpOdd.AsUInt32(), 0b1010_1010);

        var t = prodHi - qpHi;
        return Vector256.Min(t, t + p);
    }

    // ---- span kernels --------------------------------------------------------------------

    /// <summary>dst[i] = a[i] · b[i]. Spans may alias.</summary>
    public static void Mul(ReadOnlySpan<BabyBear> a, ReadOnlySpan<BabyBear> b, Span<BabyBear> dst) => Apply<MulOp>(a, b, dst);

    /// <summary>dst[i] = a[i] + b[i]. Spans may alias.</summary>
    public static void Add(ReadOnlySpan<BabyBear> a, ReadOnlySpan<BabyBear> b, Span<BabyBear> dst) => Apply<AddOp>(a, b, dst);

    /// <summary>dst[i] = a[i] − b[i]. Spans may alias.</summary>
    public static void Sub(ReadOnlySpan<BabyBear> a, ReadOnlySpan<BabyBear> b, Span<BabyBear> dst) => Apply<SubOp>(a, b, dst);

    /// <summary>
    /// One element-wise loop for every binary operation and lane width: the widest accelerated
    /// width, then the scalar tail through the same loop. The operation and the lanes are type
    /// parameters, so the JIT inlines both into each instantiation.
    /// </summary>
    private static void Apply<TOp>(ReadOnlySpan<BabyBear> a, ReadOnlySpan<BabyBear> b, Span<BabyBear> dst)
        where TOp : IBinaryOp
    {
        CheckLengths(a.Length, b.Length, dst.Length);
        ref var xr = ref Unsafe.As<BabyBear, uint>(ref MemoryMarshal.GetReference(a));
        ref var yr = ref Unsafe.As<BabyBear, uint>(ref MemoryMarshal.GetReference(b));
        ref var zr = ref Unsafe.As<BabyBear, uint>(ref MemoryMarshal.GetReference(dst));
        var n = (nuint)a.Length;
        var i = Path switch
        {
            SimdPath.Avx512 => Apply<TOp, Lanes512, Vector512<uint>>(ref xr, ref yr, ref zr, 0, n),
            SimdPath.Avx2 => Apply<TOp, Lanes256, Vector256<uint>>(ref xr, ref yr, ref zr, 0, n),
            _ => (nuint)0,
        };
        Apply<TOp, LanesScalar, uint>(ref xr, ref yr, ref zr, i, n);
    }

    /// <summary>Whole bundles of <typeparamref name="TL"/> from <paramref name="i"/> on; returns where the bundles end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Apply<TOp, TL, TV>(ref uint x, ref uint y, ref uint z, nuint i, nuint n)
        where TOp : IBinaryOp
        where TL : IPackedLanes<TV>
        where TV : unmanaged
    {
        var lanes = (nuint)TL.Count;
        for (; i + lanes <= n; i += lanes)
        {
            TL.Store(TOp.Invoke<TL, TV>(TL.Load(ref Unsafe.Add(ref x, i)), TL.Load(ref Unsafe.Add(ref y, i))), ref Unsafe.Add(ref z, i));
        }

        return i;
    }

    private interface IBinaryOp
    {
        static abstract TV Invoke<TL, TV>(TV a, TV b)
            where TL : IPackedLanes<TV>
            where TV : unmanaged;
    }

    private readonly struct MulOp : IBinaryOp
    {
        public static TV Invoke<TL, TV>(TV a, TV b)
            where TL : IPackedLanes<TV>
            where TV : unmanaged => TL.Mul(a, b);
    }

    private readonly struct AddOp : IBinaryOp
    {
        public static TV Invoke<TL, TV>(TV a, TV b)
            where TL : IPackedLanes<TV>
            where TV : unmanaged => TL.Add(a, b);
    }

    private readonly struct SubOp : IBinaryOp
    {
        public static TV Invoke<TL, TV>(TV a, TV b)
            where TL : IPackedLanes<TV>
            where TV : unmanaged => TL.Sub(a, b);
    }

    /// <summary>dst[i] = a[i] · s. Spans may alias.</summary>
    public static void MulScalar(ReadOnlySpan<BabyBear> a, BabyBear s, Span<BabyBear> dst)
    {
        CheckLengths(a.Length, a.Length, dst.Length);
        ref var xr = ref Unsafe.As<BabyBear, uint>(ref MemoryMarshal.GetReference(a));
        ref var zr = ref Unsafe.As<BabyBear, uint>(ref MemoryMarshal.GetReference(dst));
        var n = (nuint)a.Length;
        var i = Path switch
        {
            SimdPath.Avx512 => MulScalar<Lanes512, Vector512<uint>>(ref xr, s.Monty, ref zr, 0, n),
            SimdPath.Avx2 => MulScalar<Lanes256, Vector256<uint>>(ref xr, s.Monty, ref zr, 0, n),
            _ => (nuint)0,
        };
        MulScalar<LanesScalar, uint>(ref xr, s.Monty, ref zr, i, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint MulScalar<TL, TV>(ref uint x, uint s, ref uint z, nuint i, nuint n)
        where TL : IPackedLanes<TV>
        where TV : unmanaged
    {
        var lanes = (nuint)TL.Count;
        var sv = TL.Splat(s);
        for (; i + lanes <= n; i += lanes)
        {
            TL.Store(TL.Mul(TL.Load(ref Unsafe.Add(ref x, i)), sv), ref Unsafe.Add(ref z, i));
        }

        return i;
    }

    /// <summary>dst[i] = a[i]². Spans may alias.</summary>
    public static void Square(ReadOnlySpan<BabyBear> a, Span<BabyBear> dst) => Mul(a, a, dst);

    /// <summary>
    /// The inner product Σ a[i]·b[i], reduced once at the end rather than per product.
    /// </summary>
    /// <remarks>
    /// Montgomery lanes multiply to a·b·R² (mod p). Four such 64-bit products sum below 2^64, and
    /// their low and high 32-bit halves are accumulated apart, so nothing overflows for any span
    /// length; one reduction at the end divides out the extra R. About twice the throughput of
    /// <see cref="Mul(ReadOnlySpan{BabyBear}, ReadOnlySpan{BabyBear}, Span{BabyBear})"/> followed by a sum.
    /// </remarks>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static BabyBear Dot(ReadOnlySpan<BabyBear> a, ReadOnlySpan<BabyBear> b)
    {
        CheckLengths(a.Length, b.Length, a.Length);
        var x = MemoryMarshal.Cast<BabyBear, uint>(a);
        var y = MemoryMarshal.Cast<BabyBear, uint>(b);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var n = (nuint)x.Length;
        nuint i = 0;
        ulong lo = 0, hi = 0;
        if (Path == SimdPath.Avx512)
        {
            var mask = Vector512.Create(0xFFFFFFFFUL);
            Vector512<ulong> vlo = default, vhi = default;
            for (; i + 32 <= n; i += 32)
            {
                var x0 = Vector512.LoadUnsafe(ref xr, i);
                var y0 = Vector512.LoadUnsafe(ref yr, i);
                var x1 = Vector512.LoadUnsafe(ref xr, i + 16);
                var y1 = Vector512.LoadUnsafe(ref yr, i + 16);
                var s = Avx512F.Multiply(x0, y0) + Avx512F.Multiply(Odd(x0), Odd(y0))
                    + Avx512F.Multiply(x1, y1) + Avx512F.Multiply(Odd(x1), Odd(y1));
                vlo += s & mask;
                vhi += s >> 32;
            }

            // Each lane holds at most 2^26 iterations of 2^32: the lane sums stay below 2^61.
            lo = Vector512.Sum(vlo);
            hi = Vector512.Sum(vhi);
        }
        else if (Path == SimdPath.Avx2)
        {
            var mask = Vector256.Create(0xFFFFFFFFUL);
            Vector256<ulong> vlo = default, vhi = default;
            for (; i + 16 <= n; i += 16)
            {
                var x0 = Vector256.LoadUnsafe(ref xr, i);
                var y0 = Vector256.LoadUnsafe(ref yr, i);
                var x1 = Vector256.LoadUnsafe(ref xr, i + 8);
                var y1 = Vector256.LoadUnsafe(ref yr, i + 8);
                var s = Avx2.Multiply(x0, y0) + Avx2.Multiply(Odd(x0), Odd(y0))
                    + Avx2.Multiply(x1, y1) + Avx2.Multiply(Odd(x1), Odd(y1));
                vlo += s & mask;
                vhi += s >> 32;
            }

            lo = Vector256.Sum(vlo);
            hi = Vector256.Sum(vhi);
        }

        for (; i < n; i++)
        {
            var prod = (ulong)Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
            lo += (uint)prod;
            hi += prod >> 32;
        }

        // hi·2^32 + lo ≡ (hi mod p)·(2^32 mod p) + lo mod p, below p² + p; reducing it divides by R.
        var t = (hi % BabyBear.Modulus * BabyBear.MontyOne) + (lo % BabyBear.Modulus);
        return BabyBear.FromMonty(BabyBear.MontyReduce(t));
    }

    /// <summary>Odd u32 lanes moved into the low halves of the 64-bit lanes, where vpmuludq reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Odd(Vector512<uint> v) => (v.AsUInt64() >> 32).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Odd(Vector256<uint> v) => (v.AsUInt64() >> 32).AsUInt32();

    private static void CheckLengths(int a, int b, int dst)
    {
        if (a != b || a != dst)
        {
            throw new ArgumentException($"Span lengths differ: {a}, {b}, {dst}.");
        }
    }
}
