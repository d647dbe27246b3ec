using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Tessera.Field;

/// <summary>
/// BabyBear arithmetic on a bundle of independent Montgomery-form lanes: one lane
/// (<see cref="uint"/>), eight (AVX2) or sixteen (AVX-512). A kernel is written once against this
/// and the JIT specialises it per lane type, so the scalar and vector paths cannot drift apart.
/// </summary>
/// <typeparam name="TV">The lane bundle: uint, Vector256&lt;uint&gt; or Vector512&lt;uint&gt;.</typeparam>
/// <remarks>Every lane holds a reduced value in [0, p), and every operation returns one.</remarks>
public interface IPackedLanes<TV>
    where TV : unmanaged
{
    /// <summary>Lanes per bundle.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this process can run the bundle's instructions.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>The <see cref="Count"/> Montgomery words from <paramref name="source"/> on.</summary>
    static abstract TV Load(ref uint source);

    /// <summary>Writes the bundle's <see cref="Count"/> words from <paramref name="destination"/> on.</summary>
    static abstract void Store(TV value, ref uint destination);

    /// <summary>A Montgomery word in every lane.</summary>
    static abstract TV Splat(uint monty);

    /// <summary>Lane-wise field addition.</summary>
    static abstract TV Add(TV a, TV b);

    /// <summary>Lane-wise field subtraction.</summary>
    static abstract TV Sub(TV a, TV b);

    /// <summary>Lane-wise field multiplication.</summary>
    static abstract TV Mul(TV a, TV b);

    /// <summary>Lane-wise negation.</summary>
    static abstract TV Neg(TV a);

    /// <summary>
    /// Lane-wise x·2^−k for 1 ≤ k ≤ 27 without a multiplication. With x = hi·2^k + lo and
    /// 2^−27 = −15 in BabyBear (15·2^27 = p − 1), x·2^−k = hi − 15·lo·2^(27−k), and both terms are
    /// below p. Montgomery form is linear, so this holds on Montgomery representations.
    /// </summary>
    static abstract TV DivPow2(TV x, int k);

    /// <summary>
    /// Lane-wise (x + c)^7, the Poseidon2 S-box after its round constant. Apart from
    /// <see cref="Mul"/> so that a lane type can keep the intermediate powers in a cheaper,
    /// unreduced form.
    /// </summary>
    static abstract TV AddPow7(TV x, uint constant);
}

/// <summary>Lane bundles that also hold extension elements: <c>Count / 4</c> of them, four words each.</summary>
internal interface IPackedExtensionLanes<TV> : IPackedLanes<TV>
    where TV : unmanaged
{
    /// <summary>One in every extension element of the bundle.</summary>
    static abstract TV ExtensionOne { get; }

    /// <summary>Element-wise multiplication of the extension elements.</summary>
    static abstract TV MulExtension(TV a, TV b);

    /// <summary><paramref name="value"/> in every extension element of the bundle.</summary>
    static abstract TV SplatExtension(BabyBear4 value);

    /// <summary>
    /// <c>Count / 4</c> base-field words from <paramref name="source"/> on, each spread over the four
    /// lanes of its extension element (so that a lane-wise product scales element i by word i).
    /// </summary>
    static abstract TV SpreadBase(ref uint source);
}

/// <summary>Sixteen lanes in an AVX-512 register.</summary>
public readonly struct Lanes512 : IPackedExtensionLanes<Vector512<uint>>
{
    /// <inheritdoc/>
    public static int Count => 16;

    /// <inheritdoc/>
    public static bool IsSupported => BabyBearVector.Path == SimdPath.Avx512;

    /// <inheritdoc/>
    public static Vector512<uint> ExtensionOne =>
        Vector512.Create(BabyBear.MontyOne, 0, 0, 0, BabyBear.MontyOne, 0, 0, 0, BabyBear.MontyOne, 0, 0, 0, BabyBear.MontyOne, 0, 0, 0);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Load(ref uint source) => Vector512.LoadUnsafe(ref source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> value, ref uint destination) => value.StoreUnsafe(ref destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Splat(uint monty) => Vector512.Create(monty);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Add(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Sub(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Sub(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Mul(Vector512<uint> a, Vector512<uint> b) => BabyBearVector.Mul(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Neg(Vector512<uint> a) => BabyBearVector.Neg(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> MulExtension(Vector512<uint> a, Vector512<uint> b) => BabyBear4Vector.Mul(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> SplatExtension(BabyBear4 value)
    {
        var v = Vector256.Create(Vector128.Create(value.C0.Monty, value.C1.Monty, value.C2.Monty, value.C3.Monty));
        return Vector512.Create(v, v);
    }

    /// <inheritdoc/>
    /// <remarks>vpermd spreads the four words over the four groups.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> SpreadBase(ref uint source) =>
        Avx512F.PermuteVar16x32(Vector128.LoadUnsafe(ref source).ToVector256Unsafe().ToVector512Unsafe(), Vector512.Create(0u, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3));

    /// <inheritdoc/>
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
    public static Vector512<uint> AddPow7(Vector512<uint> x, uint constant)
    {
        var s = x + Vector512.Create(constant - BabyBear.Modulus);
        var evn = SignedPow7(s.AsInt32());
        var odd = SignedPow7((s.AsUInt64() >> 32).AsInt32());

        // The reduced powers sit in the high halves with zero low halves: shift the even ones down and merge.
        var t = ((evn.AsUInt64() >> 32) | odd.AsUInt64()).AsUInt32();
        return Vector512.Min(t, t + Vector512.Create(BabyBear.Modulus));
    }

    /// <summary>
    /// a·b·2^−32 in (−p, p) for signed a, b in the low halves with |a|, |b| ≤ p: returned as a·b − q·p,
    /// whose low half is zero and whose high half is the result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<long> SignedMontyMul(Vector512<int> a, Vector512<int> b)
    {
        var prod = Avx512F.Multiply(a, b);
        var q = Avx512F.Multiply(prod.AsInt32(), Vector512.Create(unchecked((int)BabyBear.MontyMu)));
        var qp = Avx512F.Multiply(q.AsInt32(), Vector512.Create((int)BabyBear.Modulus));
        return prod - qp;
    }

    /// <summary>x^7 for the signed values in the low halves of the 64-bit lanes; the result is in the high halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<long> SignedPow7(Vector512<int> x)
    {
        var x2 = Low(SignedMontyMul(x, x));
        var x3 = Low(SignedMontyMul(x2, x));
        var x4 = Low(SignedMontyMul(x2, x2));
        return SignedMontyMul(x3, x4);
    }

    /// <summary>The high halves moved to the low halves, where vpmuldq reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Low(Vector512<long> d) => (d.AsUInt64() >> 32).AsInt32();
}

/// <summary>Eight lanes in an AVX2 register.</summary>
public readonly struct Lanes256 : IPackedExtensionLanes<Vector256<uint>>
{
    /// <inheritdoc/>
    public static int Count => 8;

    /// <inheritdoc/>
    public static bool IsSupported => BabyBearVector.Path != SimdPath.Scalar;

    /// <inheritdoc/>
    public static Vector256<uint> ExtensionOne => Vector256.Create(BabyBear.MontyOne, 0, 0, 0, BabyBear.MontyOne, 0, 0, 0);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Load(ref uint source) => Vector256.LoadUnsafe(ref source);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<uint> value, ref uint destination) => value.StoreUnsafe(ref destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Splat(uint monty) => Vector256.Create(monty);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Add(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Sub(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Sub(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Mul(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Mul(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Neg(Vector256<uint> a) => BabyBearVector.Neg(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> MulExtension(Vector256<uint> a, Vector256<uint> b) => BabyBear4Vector.Mul(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SplatExtension(BabyBear4 value) =>
        Vector256.Create(Vector128.Create(value.C0.Monty, value.C1.Monty, value.C2.Monty, value.C3.Monty));

    /// <inheritdoc/>
    /// <remarks>Two words, read as one 64-bit load, spread over the two groups.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SpreadBase(ref uint source)
    {
        var pair = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<uint, byte>(ref source));
        return Avx2.PermuteVar8x32(Vector128.CreateScalarUnsafe(pair).AsUInt32().ToVector256Unsafe(), Vector256.Create(0u, 0, 0, 0, 1, 1, 1, 1));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> DivPow2(Vector256<uint> x, int k)
    {
        var m = (x & Vector256.Create((1u << k) - 1)) << (27 - k);
        return Sub(x >> k, (m << 4) - m);
    }

    /// <summary>(x + c)^7 on signed representatives, as <see cref="Lanes512.AddPow7"/> explains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> AddPow7(Vector256<uint> x, uint constant)
    {
        var s = x + Vector256.Create(constant - BabyBear.Modulus);
        var evn = SignedPow7(s.AsInt32());
        var odd = SignedPow7((s.AsUInt64() >> 32).AsInt32());
        var t = ((evn.AsUInt64() >> 32) | odd.AsUInt64()).AsUInt32();
        return Vector256.Min(t, t + Vector256.Create(BabyBear.Modulus));
    }

    /// <summary>The 256-bit form of <see cref="Lanes512.SignedMontyMul"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<long> SignedMontyMul(Vector256<int> a, Vector256<int> b)
    {
        var prod = Avx2.Multiply(a, b);
        var q = Avx2.Multiply(prod.AsInt32(), Vector256.Create(unchecked((int)BabyBear.MontyMu)));
        var qp = Avx2.Multiply(q.AsInt32(), Vector256.Create((int)BabyBear.Modulus));
        return prod - qp;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> SignedPow7(Vector256<int> x)
    {
        var x2 = Low(SignedMontyMul(x, x));
        var x3 = Low(SignedMontyMul(x2, x));
        var x4 = Low(SignedMontyMul(x2, x2));
        return SignedMontyMul(x3, x4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Low(Vector256<long> d) => (d.AsUInt64() >> 32).AsInt32();
}

/// <summary>
/// Four lanes computed in the low half of an AVX2 register: a 128-bit load and store around
/// <see cref="Lanes256"/>'s arithmetic, whose upper lanes are computed and never stored. For runs of
/// four, such as the lanes of one extension-field column, which would otherwise run one at a time.
/// </summary>
public readonly struct Lanes128 : IPackedLanes<Vector256<uint>>
{
    /// <inheritdoc/>
    public static int Count => 4;

    /// <inheritdoc/>
    public static bool IsSupported => Lanes256.IsSupported;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Load(ref uint source) => Vector128.LoadUnsafe(ref source).ToVector256Unsafe();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<uint> value, ref uint destination) => value.GetLower().StoreUnsafe(ref destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Splat(uint monty) => Vector256.Create(monty);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Add(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Sub(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Sub(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Mul(Vector256<uint> a, Vector256<uint> b) => BabyBearVector.Mul(a, b);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Neg(Vector256<uint> a) => BabyBearVector.Neg(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> DivPow2(Vector256<uint> x, int k) => Lanes256.DivPow2(x, k);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> AddPow7(Vector256<uint> x, uint constant) => Lanes256.AddPow7(x, constant);
}

/// <summary>One lane, no SIMD: the Montgomery word of a <see cref="BabyBear"/>.</summary>
public readonly struct LanesScalar : IPackedLanes<uint>
{
    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    public static bool IsSupported => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load(ref uint source) => source;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(uint value, ref uint destination) => destination = value;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Splat(uint monty) => monty;

    // Branch-free corrections: which way they go depends on the data, and a branch there
    // mispredicts half the time. Values are below p < 2^31, so the sign bit tells an underflow.
    // Kept apart from BabyBear's operators on purpose: the scalar Poseidon2 permutation through
    // them took 7.2 µs against 2.4 µs with these (width 16, BenchmarkDotNet, 2026-12-02).

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint a, uint b)
    {
        var s = a + b - BabyBear.Modulus;
        return s + ((uint)((int)s >> 31) & BabyBear.Modulus);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sub(uint a, uint b)
    {
        var d = a - b;
        return d + ((uint)((int)d >> 31) & BabyBear.Modulus);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mul(uint a, uint b)
    {
        var x = (ulong)a * b;
        var q = (uint)x * BabyBear.MontyMu;
        var qp = (ulong)q * BabyBear.Modulus;
        var d = (x >> 32) - (qp >> 32);
        return (uint)d + ((uint)(d >> 32) & BabyBear.Modulus);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Neg(uint a) => Sub(0, a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint DivPow2(uint x, int k)
    {
        var m = (x & ((1u << k) - 1)) << (27 - k);
        return Sub(x >> k, (m << 4) - m);
    }

    /// <summary>(x + c)^7 as x³·x⁴: four multiplications, depth three.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint AddPow7(uint x, uint constant)
    {
        x = Add(x, constant);
        var x2 = Mul(x, x);
        var x3 = Mul(x2, x);
        var x4 = Mul(x2, x2);
        return Mul(x3, x4);
    }
}
