using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>One lane: plain BabyBear arithmetic on its Montgomery representation.</summary>
internal readonly struct ScalarLanes : ILaneOps<uint>
{
    /// <summary>p⁻¹ mod 2^32, the Montgomery constant of <see cref="BabyBear"/>.</summary>
    private const uint BabyBearMontyMu = 0x88000001;

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Splat(uint monty) => Vector256.Create(monty);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Splat(uint monty) => Vector512.Create(monty);
}
