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
/// values (prefix products) and the input is unchanged, even in place. The result
/// span may be the input span itself (in place); any other overlap is rejected.
/// </remarks>
public static class BatchInversion
{
    // Independent vector chains walked side by side: one chain is bound by the multiply's latency,
    // four keep the multiplier busy.
    private const int Chains = 4;

    // Below this the extra lane totals (one scalar batch of up to 65) outweigh the SIMD gain.
    private const int VectorThreshold = 256;

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
            if (n >= VectorThreshold && BabyBearVector.Path == SimdPath.Avx512)
            {
                InvertVector512(v, prefix, r);
            }
            else if (n >= VectorThreshold && BabyBearVector.Path == SimdPath.Avx2)
            {
                InvertVector256(v, prefix, r);
            }
            else
            {
                var total = ForwardScalar(v, prefix);
                if (total == 0)
                {
                    throw new ZeroElementException(v.IndexOf(0u));
                }

                BackwardScalar(v, prefix, r, BabyBear.FromMonty(total).Inverse().Monty);
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
            var acc = BabyBear4.One;
            for (var i = 0; i < n; i++)
            {
                acc *= values[i];
                prefix[i] = acc;
            }

            if (acc.IsZero)
            {
                var i = 0;
                while (!values[i].IsZero)
                {
                    i++;
                }

                throw new ZeroElementException(i);
            }

            var inv = acc.Inverse();
            for (var i = n - 1; i > 0; i--)
            {
                var o = inv * prefix[i - 1];
                inv *= values[i];
                result[i] = o;
            }

            result[0] = inv;
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

    /// <summary>
    /// Inverts the per-lane totals (and the scalar tail's total, last) with one scalar batch; throws
    /// if any is zero, naming the first zero of the whole input.
    /// </summary>
    private static void InvertTotals(ReadOnlySpan<uint> all, Span<uint> totals)
    {
        if (totals.Contains(0u))
        {
            throw new ZeroElementException(all.IndexOf(0u));
        }

        Span<uint> prefix = stackalloc uint[totals.Length];
        var total = ForwardScalar(totals, prefix);
        BackwardScalar(totals, prefix, totals, BabyBear.FromMonty(total).Inverse().Monty);
    }

    [SkipLocalsInit] // the totals buffer is written in full before it is read
    private static void InvertVector512(ReadOnlySpan<uint> v, Span<uint> prefix, Span<uint> r)
    {
        const int Lane = 16;
        const int Block = Lane * Chains;
        var n = v.Length;
        var body = n / Block * Block;
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var pr = ref MemoryMarshal.GetReference(prefix);
        ref var rr = ref MemoryMarshal.GetReference(r);

        var one = Vector512.Create(BabyBear.MontyOne);
        Vector512<uint> a0 = one, a1 = one, a2 = one, a3 = one;
        for (nuint i = 0; i < (nuint)body; i += Block)
        {
            a0 = BabyBearVector.Mul(a0, Vector512.LoadUnsafe(ref vr, i));
            a1 = BabyBearVector.Mul(a1, Vector512.LoadUnsafe(ref vr, i + Lane));
            a2 = BabyBearVector.Mul(a2, Vector512.LoadUnsafe(ref vr, i + (2 * Lane)));
            a3 = BabyBearVector.Mul(a3, Vector512.LoadUnsafe(ref vr, i + (3 * Lane)));
            a0.StoreUnsafe(ref pr, i);
            a1.StoreUnsafe(ref pr, i + Lane);
            a2.StoreUnsafe(ref pr, i + (2 * Lane));
            a3.StoreUnsafe(ref pr, i + (3 * Lane));
        }

        Span<uint> totals = stackalloc uint[Block + 1];
        a0.CopyTo(totals);
        a1.CopyTo(totals[Lane..]);
        a2.CopyTo(totals[(2 * Lane)..]);
        a3.CopyTo(totals[(3 * Lane)..]);
        totals[Block] = ForwardScalar(v[body..], prefix[body..]);
        InvertTotals(v, totals);

        BackwardScalar(v[body..], prefix[body..], r[body..], totals[Block]);
        a0 = Vector512.Create<uint>(totals);
        a1 = Vector512.Create<uint>(totals[Lane..]);
        a2 = Vector512.Create<uint>(totals[(2 * Lane)..]);
        a3 = Vector512.Create<uint>(totals[(3 * Lane)..]);
        for (var i = (nuint)body - Block; i > 0; i -= Block)
        {
            var o0 = BabyBearVector.Mul(a0, Vector512.LoadUnsafe(ref pr, i - Block));
            var o1 = BabyBearVector.Mul(a1, Vector512.LoadUnsafe(ref pr, i - Block + Lane));
            var o2 = BabyBearVector.Mul(a2, Vector512.LoadUnsafe(ref pr, i - Block + (2 * Lane)));
            var o3 = BabyBearVector.Mul(a3, Vector512.LoadUnsafe(ref pr, i - Block + (3 * Lane)));
            a0 = BabyBearVector.Mul(a0, Vector512.LoadUnsafe(ref vr, i));
            a1 = BabyBearVector.Mul(a1, Vector512.LoadUnsafe(ref vr, i + Lane));
            a2 = BabyBearVector.Mul(a2, Vector512.LoadUnsafe(ref vr, i + (2 * Lane)));
            a3 = BabyBearVector.Mul(a3, Vector512.LoadUnsafe(ref vr, i + (3 * Lane)));
            o0.StoreUnsafe(ref rr, i);
            o1.StoreUnsafe(ref rr, i + Lane);
            o2.StoreUnsafe(ref rr, i + (2 * Lane));
            o3.StoreUnsafe(ref rr, i + (3 * Lane));
        }

        a0.StoreUnsafe(ref rr, 0);
        a1.StoreUnsafe(ref rr, Lane);
        a2.StoreUnsafe(ref rr, 2 * Lane);
        a3.StoreUnsafe(ref rr, 3 * Lane);
    }

    [SkipLocalsInit] // the totals buffer is written in full before it is read
    private static void InvertVector256(ReadOnlySpan<uint> v, Span<uint> prefix, Span<uint> r)
    {
        const int Lane = 8;
        const int Block = Lane * Chains;
        var n = v.Length;
        var body = n / Block * Block;
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var pr = ref MemoryMarshal.GetReference(prefix);
        ref var rr = ref MemoryMarshal.GetReference(r);

        var one = Vector256.Create(BabyBear.MontyOne);
        Vector256<uint> a0 = one, a1 = one, a2 = one, a3 = one;
        for (nuint i = 0; i < (nuint)body; i += Block)
        {
            a0 = BabyBearVector.Mul(a0, Vector256.LoadUnsafe(ref vr, i));
            a1 = BabyBearVector.Mul(a1, Vector256.LoadUnsafe(ref vr, i + Lane));
            a2 = BabyBearVector.Mul(a2, Vector256.LoadUnsafe(ref vr, i + (2 * Lane)));
            a3 = BabyBearVector.Mul(a3, Vector256.LoadUnsafe(ref vr, i + (3 * Lane)));
            a0.StoreUnsafe(ref pr, i);
            a1.StoreUnsafe(ref pr, i + Lane);
            a2.StoreUnsafe(ref pr, i + (2 * Lane));
            a3.StoreUnsafe(ref pr, i + (3 * Lane));
        }

        Span<uint> totals = stackalloc uint[Block + 1];
        a0.CopyTo(totals);
        a1.CopyTo(totals[Lane..]);
        a2.CopyTo(totals[(2 * Lane)..]);
        a3.CopyTo(totals[(3 * Lane)..]);
        totals[Block] = ForwardScalar(v[body..], prefix[body..]);
        InvertTotals(v, totals);

        BackwardScalar(v[body..], prefix[body..], r[body..], totals[Block]);
        a0 = Vector256.Create<uint>(totals);
        a1 = Vector256.Create<uint>(totals[Lane..]);
        a2 = Vector256.Create<uint>(totals[(2 * Lane)..]);
        a3 = Vector256.Create<uint>(totals[(3 * Lane)..]);
        for (var i = (nuint)body - Block; i > 0; i -= Block)
        {
            var o0 = BabyBearVector.Mul(a0, Vector256.LoadUnsafe(ref pr, i - Block));
            var o1 = BabyBearVector.Mul(a1, Vector256.LoadUnsafe(ref pr, i - Block + Lane));
            var o2 = BabyBearVector.Mul(a2, Vector256.LoadUnsafe(ref pr, i - Block + (2 * Lane)));
            var o3 = BabyBearVector.Mul(a3, Vector256.LoadUnsafe(ref pr, i - Block + (3 * Lane)));
            a0 = BabyBearVector.Mul(a0, Vector256.LoadUnsafe(ref vr, i));
            a1 = BabyBearVector.Mul(a1, Vector256.LoadUnsafe(ref vr, i + Lane));
            a2 = BabyBearVector.Mul(a2, Vector256.LoadUnsafe(ref vr, i + (2 * Lane)));
            a3 = BabyBearVector.Mul(a3, Vector256.LoadUnsafe(ref vr, i + (3 * Lane)));
            o0.StoreUnsafe(ref rr, i);
            o1.StoreUnsafe(ref rr, i + Lane);
            o2.StoreUnsafe(ref rr, i + (2 * Lane));
            o3.StoreUnsafe(ref rr, i + (3 * Lane));
        }

        a0.StoreUnsafe(ref rr, 0);
        a1.StoreUnsafe(ref rr, Lane);
        a2.StoreUnsafe(ref rr, 2 * Lane);
        a3.StoreUnsafe(ref rr, 3 * Lane);
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
