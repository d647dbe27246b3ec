using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>
/// One packing width of Montgomery-form BabyBear lanes, so the packed constraint evaluator is
/// written once and specialised by the JIT for 16, 8 and 1 lanes.
/// </summary>
internal interface ILanes<TV>
    where TV : struct
{
    static abstract int Count { get; }

    static abstract TV Load(ref uint src);

    static abstract void Store(TV v, ref uint dst);

    static abstract TV Broadcast(BabyBear value);

    static abstract TV Add(TV a, TV b);

    static abstract TV Sub(TV a, TV b);

    static abstract TV Mul(TV a, TV b);

    static abstract TV Neg(TV a);
}

/// <summary>16 lanes (AVX-512).</summary>
internal readonly struct Lanes512 : ILanes<Vector512<uint>>
{
    public static int Count => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Load(ref uint src) => Vector512.LoadUnsafe(ref src);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> v, ref uint dst) => v.StoreUnsafe(ref dst);

    public static Vector512<uint> Broadcast(BabyBear value) => Vector512.Create(Unsafe.As<BabyBear, uint>(ref value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Sub(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Sub(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Mul(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Mul(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Neg(Vector512<uint> a) => BabyBearVector.Neg(a);
}

/// <summary>8 lanes (AVX2).</summary>
internal readonly struct Lanes256 : ILanes<Vector256<uint>>
{
    public static int Count => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Load(ref uint src) => Vector256.LoadUnsafe(ref src);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<uint> v, ref uint dst) => v.StoreUnsafe(ref dst);

    public static Vector256<uint> Broadcast(BabyBear value) => Vector256.Create(Unsafe.As<BabyBear, uint>(ref value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Sub(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Sub(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Mul(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Mul(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Neg(Vector256<uint> a) => BabyBearVector.Neg(a);
}

/// <summary>1 lane (no SIMD): the Montgomery word of a <see cref="BabyBear"/>.</summary>
internal readonly struct LanesScalar : ILanes<uint>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load(ref uint src) => src;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(uint v, ref uint dst) => dst = v;

    public static uint Broadcast(BabyBear value) => Unsafe.As<BabyBear, uint>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint a, uint b) => W(F(a) + F(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sub(uint a, uint b) => W(F(a) - F(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mul(uint a, uint b) => W(F(a) * F(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Neg(uint a) => W(-F(a));

    private static BabyBear F(uint monty) => Unsafe.As<uint, BabyBear>(ref monty);

    private static uint W(BabyBear b) => Unsafe.As<BabyBear, uint>(ref b);
}
