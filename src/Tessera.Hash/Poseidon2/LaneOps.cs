using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>One lane: plain BabyBear arithmetic on its Montgomery representation.</summary>
internal readonly struct ScalarLanes : ILaneOps<uint>
{
    /// <summary>p⁻¹ mod 2^32, the Montgomery constant of <see cref="BabyBear"/>.</summary>
    internal const uint BabyBearMontyMu = 0x88000001;

    public static int Lanes => 1;

    // Branch-free corrections throughout: which way they go depends on the data, and a branch there
    // mispredicts half the time (the scalar permutation ran several times slower with BabyBear's
    // operators). Values are below p < 2^31, so the sign bit tells an underflow.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint a, uint b)
    {
        var s = a + b - BabyBear.Modulus;
        return s + ((uint)((int)s >> 31) & BabyBear.Modulus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sub(uint a, uint b)
    {
        var d = a - b;
        return d + ((uint)((int)d >> 31) & BabyBear.Modulus);
    }

    /// <summary>Montgomery multiplication of reduced values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mul(uint a, uint b)
    {
        var x = (ulong)a * b;
        var q = (uint)x * BabyBearMontyMu;
        var qp = (ulong)q * BabyBear.Modulus;
        var d = (x >> 32) - (qp >> 32);
        return (uint)d + ((uint)(d >> 32) & BabyBear.Modulus);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint DivPow2(uint x, int k)
    {
        var m = (x & ((1u << k) - 1)) << (27 - k);
        return Sub(x >> k, (m << 4) - m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint AddSBox(uint x, uint constant) => Poseidon2Kernel.AddSBox<ScalarLanes, uint>(x, constant);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Splat(uint monty) => monty;
}

/// <summary>Eight lanes in an AVX2 register.</summary>
internal readonly struct Avx2Lanes : ILaneOps<Vector256<uint>>
{
    public static int Lanes => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Sub(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Sub(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Mul(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Mul(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> DivPow2(Vector256<uint> x, int k)
    {
        var m = (x & Vector256.Create((1u << k) - 1)) << (27 - k);
        return Sub(x >> k, (m << 4) - m);
    }

    /// <summary>(x + c)^7 on signed representatives, as <see cref="Avx512Lanes.AddSBox"/> explains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> AddSBox(Vector256<uint> x, uint constant)
    {
        var s = x + Vector256.Create(constant - BabyBear.Modulus);
        var evn = SignedPow7(s.AsInt32());
        var odd = SignedPow7((s.AsUInt64() >> 32).AsInt32());
        var t = ((evn.AsUInt64() >> 32) | odd.AsUInt64()).AsUInt32();
        return Vector256.Min(t, t + Vector256.Create(BabyBear.Modulus));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Splat(uint monty) => Vector256.Create(monty);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> SignedPow7(Vector256<int> x)
    {
        var x2 = Low(SignedMontyMul(x, x));
        var x3 = Low(SignedMontyMul(x2, x));
        var x4 = Low(SignedMontyMul(x2, x2));
        return SignedMontyMul(x3, x4);
    }

    /// <summary>The 256-bit form of <see cref="Avx512Lanes.SignedMontyMul"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<long> SignedMontyMul(Vector256<int> a, Vector256<int> b)
    {
        var prod = Avx2.Multiply(a, b);
        var q = Avx2.Multiply(prod.AsInt32(), Vector256.Create(unchecked((int)ScalarLanes.BabyBearMontyMu)));
        var qp = Avx2.Multiply(q.AsInt32(), Vector256.Create((int)BabyBear.Modulus));
        return prod - qp;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> Low(Vector256<long> d) => (d.AsUInt64() >> 32).AsInt32();
}

/// <summary>Sixteen lanes in an AVX-512 register.</summary>
internal readonly struct Avx512Lanes : ILaneOps<Vector512<uint>>
{
    public static int Lanes => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Sub(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Sub(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Mul(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Mul(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> DivPow2(Vector512<uint> x, int k)
    {
        var m = (x & Vector512.Create((1u << k) - 1)) << (27 - k);
        return Sub(x >> k, (m << 4) - m);
    }

    /// <summary>
    /// (x + c)^7 on signed representatives: the powers stay in 64-bit even and odd halves as values in
    /// (−p, p), multiplied with the signed vpmuldq, and only x^7 is recombined and reduced.
    /// </summary>
    /// <remarks>
    /// Signed Montgomery reduction of a·b with |a|, |b| ≤ p: q = (a·b)·μ mod 2^32 taken signed, so
    /// |q·p| ≤ 2^31·p and |a·b − q·p| / 2^32 ≤ p·(p + 2^31) / 2^32 &lt; 0.97·p. The result stays a valid
    /// input for the next multiplication without a correction, which saves the blend and the
    /// conditional add of <see cref="Mul"/> on every intermediate power. x + c − p ∈ [−p, p) is one
    /// addition and needs no reduction either.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> AddSBox(Vector512<uint> x, uint constant)
    {
        var s = x + Vector512.Create(constant - BabyBear.Modulus);
        var evn = SignedPow7(s.AsInt32());
        var odd = SignedPow7((s.AsUInt64() >> 32).AsInt32());

        // The reduced powers sit in the high halves with zero low halves: shift the even ones down and merge.
        var t = ((evn.AsUInt64() >> 32) | odd.AsUInt64()).AsUInt32();
        return Vector512.Min(t, t + Vector512.Create(BabyBear.Modulus));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Splat(uint monty) => Vector512.Create(monty);

    /// <summary>x^7 for the signed values in the low halves of the 64-bit lanes; the result is in the high halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> SignedPow7(Vector512<int> x)
    {
        var x2 = Low(SignedMontyMul(x, x));
        var x3 = Low(SignedMontyMul(x2, x));
        var x4 = Low(SignedMontyMul(x2, x2));
        return SignedMontyMul(x3, x4);
    }

    /// <summary>
    /// a·b·2^−32 in (−p, p) for signed a, b in the low halves with |a|, |b| ≤ p: returned as a·b − q·p,
    /// whose low half is zero and whose high half is the result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<long> SignedMontyMul(Vector512<int> a, Vector512<int> b)
    {
        var prod = Avx512F.Multiply(a, b);
        var q = Avx512F.Multiply(prod.AsInt32(), Vector512.Create(unchecked((int)ScalarLanes.BabyBearMontyMu)));
        var qp = Avx512F.Multiply(q.AsInt32(), Vector512.Create((int)BabyBear.Modulus));
        return prod - qp;
    }

    /// <summary>The high halves moved to the low halves, where vpmuldq reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<int> Low(Vector512<long> d) => (d.AsUInt64() >> 32).AsInt32();
}
