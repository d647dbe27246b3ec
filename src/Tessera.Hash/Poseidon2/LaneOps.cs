using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>One lane: plain BabyBear arithmetic on its Montgomery representation.</summary>
internal readonly struct ScalarLanes : ILaneOps<uint>
{
    public static int Lanes => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint a, uint b) => Raw(Wrap(a) + Wrap(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sub(uint a, uint b) => Raw(Wrap(a) - Wrap(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mul(uint a, uint b) => Raw(Wrap(a) * Wrap(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Splat(uint monty) => monty;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static BabyBear Wrap(uint monty) => Unsafe.BitCast<uint, BabyBear>(monty);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Raw(BabyBear x) => Unsafe.BitCast<BabyBear, uint>(x);
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
    public static Vector512<uint> Splat(uint monty) => Vector512.Create(monty);
}
