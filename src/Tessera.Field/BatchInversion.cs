using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tessera.Field;

/// <summary>
/// Inverts many elements at the cost of one field inversion and three multiplications each
/// (Montgomery's trick): prefix products forward, one inverse of the total, then walk back.
/// </summary>
/// <remarks>
/// Zeros are rejected, not skipped: a zero anywhere makes the total zero, and the call throws
/// <see cref="ZeroElementException"/> naming the first zero; the result span then holds scratch
/// values (prefix products) and the input is unchanged, even in place. The result span may be the
/// input span itself (in place); any other overlap is rejected.
/// </remarks>
public static class BatchInversion
{
    // Independent vector chains walked side by side: one chain is bound by the multiply's latency,
    // four keep the multiplier busy (base field: 0.4 ns per element against 94 ns one by one;
    // extension: the latency-bound scalar chain took 43 ns per element).
    private const int Chains = 4;

    // Below these the extra lane totals (one scalar batch of up to 65 or 17) outweigh the SIMD gain.
    private const int BaseVectorThreshold = 256;
    private const int ExtensionVectorThreshold = 64;

    /// <summary>result[i] = 1 / values[i].</summary>
    /// <exception cref="ArgumentException">The lengths differ, or the spans partly overlap.</exception>
    /// <exception cref="ZeroElementException">Some element is zero; the result holds scratch values.</exception>
    public static void Invert(ReadOnlySpan<BabyBear> values, Span<BabyBear> result)
    {
        CheckSpans(values, result);
        var n = values.Length;
        if (n == 0)
        {
            return;
        }

        var v = MemoryMarshal.Cast<BabyBear, uint>(values);
        var r = MemoryMarshal.Cast<BabyBear, uint>(result);

        // The prefixes live in the result when it is free; in place they need their own room.
        uint[]? rented = null;
        var prefix = r;
        if (values.Overlaps(result))
        {
            rented = ArrayPool<uint>.Shared.Rent(n);
            prefix = rented.AsSpan(0, n);
        }

        try
        {
            var path = n >= BaseVectorThreshold ? BabyBearVector.Path : SimdPath.Scalar;
            var block = path switch
            {
                SimdPath.Avx512 => 16 * Chains,
                SimdPath.Avx2 => 8 * Chains,
                _ => 0,
            };
            var body = block == 0 ? 0 : n / block * block;

            // Lane totals of the vector chains, then the scalar tail's total last.
            Span<uint> totals = stackalloc uint[block + 1];
            if (path == SimdPath.Avx512)
            {
                Forward<BaseOps, Lanes512, Vector512<uint>>(v, prefix, totals, body);
            }
            else if (path == SimdPath.Avx2)
            {
                Forward<BaseOps, Lanes256, Vector256<uint>>(v, prefix, totals, body);
            }

            totals[block] = ForwardScalar(v[body..], prefix[body..]);
            if (totals.Contains(0u))
            {
                throw new ZeroElementException(v.IndexOf(0u));
            }

            Span<uint> scratch = stackalloc uint[block + 1];
            var total = ForwardScalar(totals, scratch);
            BackwardScalar(totals, scratch, totals, BabyBear.FromMonty(total).Inverse().Monty);

            BackwardScalar(v[body..], prefix[body..], r[body..], totals[block]);
            if (path == SimdPath.Avx512)
            {
                Backward<BaseOps, Lanes512, Vector512<uint>>(v, prefix, r, totals, body);
            }
            else if (path == SimdPath.Avx2)
            {
                Backward<BaseOps, Lanes256, Vector256<uint>>(v, prefix, r, totals, body);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<uint>.Shared.Return(rented);
            }
        }
    }

    /// <summary>result[i] = 1 / values[i] in the extension field.</summary>
    /// <exception cref="ArgumentException">The lengths differ, or the spans partly overlap.</exception>
    /// <exception cref="ZeroElementException">Some element is zero; the result holds scratch values.</exception>
    public static void Invert(ReadOnlySpan<BabyBear4> values, Span<BabyBear4> result)
    {
        CheckSpans(values, result);
        var n = values.Length;
        if (n == 0)
        {
            return;
        }

        BabyBear4[]? rented = null;
        var prefix = result;
        if (values.Overlaps(result))
        {
            rented = ArrayPool<BabyBear4>.Shared.Rent(n);
            prefix = rented.AsSpan(0, n);
        }

        try
        {
            var path = n >= ExtensionVectorThreshold ? BabyBearVector.Path : SimdPath.Scalar;
            var block = path switch
            {
                SimdPath.Avx512 => 4 * Chains,
                SimdPath.Avx2 => 2 * Chains,
                _ => 0,
            };
            var body = block == 0 ? 0 : n / block * block;
            var v = MemoryMarshal.Cast<BabyBear4, uint>(values);
            var p = MemoryMarshal.Cast<BabyBear4, uint>(prefix);
            var r = MemoryMarshal.Cast<BabyBear4, uint>(result);

            Span<BabyBear4> totals = stackalloc BabyBear4[block + 1];
            var totalLanes = MemoryMarshal.Cast<BabyBear4, uint>(totals);
            if (path == SimdPath.Avx512)
            {
                Forward<ExtensionOps, Lanes512, Vector512<uint>>(v, p, totalLanes, body * 4);
            }
            else if (path == SimdPath.Avx2)
            {
                Forward<ExtensionOps, Lanes256, Vector256<uint>>(v, p, totalLanes, body * 4);
            }

            totals[block] = ForwardScalar(values[body..], prefix[body..]);
            foreach (var t in totals)
            {
                if (t.IsZero)
                {
                    var i = 0;
                    while (!values[i].IsZero)
                    {
                        i++;
                    }

                    throw new ZeroElementException(i);
                }
            }

            Span<BabyBear4> scratch = stackalloc BabyBear4[block + 1];
            var total = ForwardScalar(totals, scratch);
            BackwardScalar(totals, scratch, totals, total.Inverse());

            BackwardScalar(values[body..], prefix[body..], result[body..], totals[block]);
            if (path == SimdPath.Avx512)
            {
                Backward<ExtensionOps, Lanes512, Vector512<uint>>(v, p, r, totalLanes, body * 4);
            }
            else if (path == SimdPath.Avx2)
            {
                Backward<ExtensionOps, Lanes256, Vector256<uint>>(v, p, r, totalLanes, body * 4);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<BabyBear4>.Shared.Return(rented);
            }
        }
    }

    private static uint ForwardScalar(ReadOnlySpan<uint> v, Span<uint> prefix)
    {
        var acc = BabyBear.MontyOne;
        for (var i = 0; i < v.Length; i++)
        {
            acc = BabyBear.MontyMul(acc, v[i]);
            prefix[i] = acc;
        }

        return acc;
    }

    // Reads v[i] before writing r[i], so r may be v itself.
    private static void BackwardScalar(ReadOnlySpan<uint> v, ReadOnlySpan<uint> prefix, Span<uint> r, uint inv)
    {
        if (v.IsEmpty)
        {
            return; // a vector body with no scalar tail
        }

        for (var i = v.Length - 1; i > 0; i--)
        {
            var o = BabyBear.MontyMul(inv, prefix[i - 1]);
            inv = BabyBear.MontyMul(inv, v[i]);
            r[i] = o;
        }

        r[0] = inv;
    }

    private static BabyBear4 ForwardScalar(ReadOnlySpan<BabyBear4> v, Span<BabyBear4> prefix)
    {
        var acc = BabyBear4.One;
        for (var i = 0; i < v.Length; i++)
        {
            acc *= v[i];
            prefix[i] = acc;
        }

        return acc;
    }

    private static void BackwardScalar(ReadOnlySpan<BabyBear4> v, ReadOnlySpan<BabyBear4> prefix, Span<BabyBear4> r, BabyBear4 inv)
    {
        if (v.IsEmpty)
        {
            return;
        }

        for (var i = v.Length - 1; i > 0; i--)
        {
            var o = inv * prefix[i - 1];
            inv *= v[i];
            r[i] = o;
        }

        r[0] = inv;
    }

    /// <summary>Packed multiplication and its identity, so one chain walker serves both fields.</summary>
    private interface IPackedMul
    {
        static abstract TV One<TL, TV>()
            where TL : IPackedExtensionLanes<TV>
            where TV : unmanaged;

        static abstract TV Mul<TL, TV>(TV a, TV b)
            where TL : IPackedExtensionLanes<TV>
            where TV : unmanaged;
    }

    private readonly struct BaseOps : IPackedMul
    {
        public static TV One<TL, TV>()
            where TL : IPackedExtensionLanes<TV>
            where TV : unmanaged => TL.Splat(BabyBear.MontyOne);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Mul<TL, TV>(TV a, TV b)
            where TL : IPackedExtensionLanes<TV>
            where TV : unmanaged => TL.Mul(a, b);
    }

    private readonly struct ExtensionOps : IPackedMul
    {
        public static TV One<TL, TV>()
            where TL : IPackedExtensionLanes<TV>
            where TV : unmanaged => TL.ExtensionOne;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Mul<TL, TV>(TV a, TV b)
            where TL : IPackedExtensionLanes<TV>
            where TV : unmanaged => TL.MulExtension(a, b);
    }

    /// <summary>
    /// Prefix products of the first <paramref name="body"/> lanes in four interleaved vector chains;
    /// the chains' final products go to the start of <paramref name="totals"/>.
    /// </summary>
    private static void Forward<T, TL, TV>(ReadOnlySpan<uint> v, Span<uint> prefix, Span<uint> totals, int body)
        where T : struct, IPackedMul
        where TL : IPackedExtensionLanes<TV>
        where TV : unmanaged
    {
        var lane = (nuint)TL.Count;
        var block = lane * Chains;
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var pr = ref MemoryMarshal.GetReference(prefix);
        TV a0 = T.One<TL, TV>(), a1 = a0, a2 = a0, a3 = a0;
        for (nuint i = 0; i < (nuint)body; i += block)
        {
            a0 = T.Mul<TL, TV>(a0, TL.Load(ref Unsafe.Add(ref vr, i)));
            a1 = T.Mul<TL, TV>(a1, TL.Load(ref Unsafe.Add(ref vr, i + lane)));
            a2 = T.Mul<TL, TV>(a2, TL.Load(ref Unsafe.Add(ref vr, i + (2 * lane))));
            a3 = T.Mul<TL, TV>(a3, TL.Load(ref Unsafe.Add(ref vr, i + (3 * lane))));
            TL.Store(a0, ref Unsafe.Add(ref pr, i));
            TL.Store(a1, ref Unsafe.Add(ref pr, i + lane));
            TL.Store(a2, ref Unsafe.Add(ref pr, i + (2 * lane)));
            TL.Store(a3, ref Unsafe.Add(ref pr, i + (3 * lane)));
        }

        // totals holds at least block words (the caller sizes it so); the slice checks that.
        ref var tr = ref MemoryMarshal.GetReference(totals[..(int)block]);
        TL.Store(a0, ref tr);
        TL.Store(a1, ref Unsafe.Add(ref tr, lane));
        TL.Store(a2, ref Unsafe.Add(ref tr, 2 * lane));
        TL.Store(a3, ref Unsafe.Add(ref tr, 3 * lane));
    }

    /// <summary>
    /// Walks the chains back from the inverted totals: r = inverse of each lane. Reads v at a
    /// position before writing r there, so r may be v.
    /// </summary>
    private static void Backward<T, TL, TV>(ReadOnlySpan<uint> v, ReadOnlySpan<uint> prefix, Span<uint> r, ReadOnlySpan<uint> inverses, int body)
        where T : struct, IPackedMul
        where TL : IPackedExtensionLanes<TV>
        where TV : unmanaged
    {
        var lane = (nuint)TL.Count;
        var block = lane * Chains;
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var pr = ref MemoryMarshal.GetReference(prefix);
        ref var rr = ref MemoryMarshal.GetReference(r);
        ref var ir = ref MemoryMarshal.GetReference(inverses[..(int)block]);
        var a0 = TL.Load(ref ir);
        var a1 = TL.Load(ref Unsafe.Add(ref ir, lane));
        var a2 = TL.Load(ref Unsafe.Add(ref ir, 2 * lane));
        var a3 = TL.Load(ref Unsafe.Add(ref ir, 3 * lane));
        for (var i = (nuint)body - block; i > 0; i -= block)
        {
            var o0 = T.Mul<TL, TV>(a0, TL.Load(ref Unsafe.Add(ref pr, i - block)));
            var o1 = T.Mul<TL, TV>(a1, TL.Load(ref Unsafe.Add(ref pr, i - block + lane)));
            var o2 = T.Mul<TL, TV>(a2, TL.Load(ref Unsafe.Add(ref pr, i - block + (2 * lane))));
            var o3 = T.Mul<TL, TV>(a3, TL.Load(ref Unsafe.Add(ref pr, i - block + (3 * lane))));
            a0 = T.Mul<TL, TV>(a0, TL.Load(ref Unsafe.Add(ref vr, i)));
            a1 = T.Mul<TL, TV>(a1, TL.Load(ref Unsafe.Add(ref vr, i + lane)));
            a2 = T.Mul<TL, TV>(a2, TL.Load(ref Unsafe.Add(ref vr, i + (2 * lane))));
            a3 = T.Mul<TL, TV>(a3, TL.Load(ref Unsafe.Add(ref vr, i + (3 * lane))));
            TL.Store(o0, ref Unsafe.Add(ref rr, i));
            TL.Store(o1, ref Unsafe.Add(ref rr, i + lane));
            TL.Store(o2, ref Unsafe.Add(ref rr, i + (2 * lane)));
            TL.Store(o3, ref Unsafe.Add(ref rr, i + (3 * lane)));
        }

        TL.Store(a0, ref rr);
        TL.Store(a1, ref Unsafe.Add(ref rr, lane));
        TL.Store(a2, ref Unsafe.Add(ref rr, 2 * lane));
        TL.Store(a3, ref Unsafe.Add(ref rr, 3 * lane));
    }

    private static void CheckSpans<T>(ReadOnlySpan<T> values, Span<T> result)
    {
        if (values.Length != result.Length)
        {
            throw new ArgumentException($"Span lengths differ: {values.Length} values, {result.Length} results.", nameof(result));
        }

        if (values.Overlaps(result, out var offset) && offset != 0)
        {
            throw new ArgumentException("The result span partly overlaps the values; pass the same span to invert in place.", nameof(result));
        }
    }
}
