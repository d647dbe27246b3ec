using System.Runtime.CompilerServices;

namespace Tessera.Field;

/// <summary>
/// An element of the BabyBear field, p = 2^31 − 2^27 + 1 = 15·2^27 + 1, held in Montgomery form
/// (x·2^32 mod p) so that multiplication needs no division.
/// </summary>
/// <remarks>
/// Conventions follow Plonky3 so that its published vectors check ours: multiplicative generator 31,
/// Montgomery constant MU = +p⁻¹ mod 2^32.
/// </remarks>
public readonly struct BabyBear : IEquatable<BabyBear>
{
    /// <summary>The field modulus p = 2013265921.</summary>
    public const uint Modulus = 0x78000001;

    /// <summary>Two-adicity of p − 1: the largest k with 2^k dividing p − 1.</summary>
    public const int TwoAdicity = 27;

    /// <summary>p⁻¹ mod 2^32 (positive convention, as Plonky3).</summary>
    internal const uint MontyMu = 0x88000001;

    /// <summary>R mod p with R = 2^32: the Montgomery form of one.</summary>
    internal const uint MontyOne = 0x0FFFFFFE;

    /// <summary>R² mod p, used to enter Montgomery form.</summary>
    internal const uint MontyRSquared = 1172168163;

    /// <summary>The Montgomery representation, always in [0, p).</summary>
    internal readonly uint Monty;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private BabyBear(uint monty, bool _) => Monty = monty;

    /// <summary>Wraps a value that is already in Montgomery form and reduced below p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static BabyBear FromMonty(uint monty) => new(monty, false);

    /// <summary>The additive identity.</summary>
    public static BabyBear Zero => default;

    /// <summary>The multiplicative identity.</summary>
    public static BabyBear One => new(MontyOne, false);

    /// <summary>The multiplicative generator of the field's unit group (31, as Plonky3).</summary>
    public static BabyBear Generator => FromCanonical(31);

    /// <summary>Builds an element from its canonical value; the value must be below p.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is p or more.</exception>
    public static BabyBear FromCanonical(uint value)
    {
        if (value >= Modulus)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A canonical BabyBear value is below p = 2013265921.");
        }

        return new(MontyMul(value, MontyRSquared), false);
    }

    /// <summary>Builds an element from any 32-bit value, reducing it modulo p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear FromUInt32(uint value) => new(MontyMul(value % Modulus, MontyRSquared), false);

    /// <summary>Builds an element from any 64-bit value, reducing it modulo p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear FromUInt64(ulong value) => new(MontyMul((uint)(value % Modulus), MontyRSquared), false);

    /// <summary>The canonical value in [0, p).</summary>
    public uint ToCanonical() => MontyReduce(Monty);

    /// <summary>True for the zero element.</summary>
    public bool IsZero => Monty == 0;

    /// <summary>Field addition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear operator +(BabyBear a, BabyBear b)
    {
        var s = a.Monty + b.Monty;
        var t = s - Modulus;
        return new(Math.Min(s, t), false);
    }

    /// <summary>Field subtraction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear operator -(BabyBear a, BabyBear b)
    {
        var d = a.Monty - b.Monty;
        var t = d + Modulus;
        return new(Math.Min(d, t), false);
    }

    /// <summary>Field negation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear operator -(BabyBear a) => Zero - a;

    /// <summary>Field multiplication.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear operator *(BabyBear a, BabyBear b) => new(MontyMul(a.Monty, b.Monty), false);

    /// <summary>Equality of field elements.</summary>
    public static bool operator ==(BabyBear a, BabyBear b) => a.Monty == b.Monty;

    /// <summary>Inequality of field elements.</summary>
    public static bool operator !=(BabyBear a, BabyBear b) => a.Monty != b.Monty;

    /// <summary>The element times itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public BabyBear Square() => new(MontyMul(Monty, Monty), false);

    /// <summary>The element doubled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public BabyBear Double() => this + this;

    /// <summary>Raises the element to a power by square-and-multiply.</summary>
    public BabyBear Pow(ulong exponent)
    {
        var result = One;
        var b = this;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result *= b;
            }

            b = b.Square();
            exponent >>= 1;
        }

        return result;
    }

    /// <summary>The multiplicative inverse.</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public BabyBear Inverse()
    {
        if (IsZero)
        {
            throw new DivideByZeroException("Zero has no inverse in BabyBear.");
        }

        return Pow(Modulus - 2);
    }

    /// <summary>
    /// The generator of the multiplicative subgroup of order 2^<paramref name="bits"/>, as Plonky3:
    /// 0x1a427a41^(2^(27 − bits)).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside 0..27.</exception>
    public static BabyBear TwoAdicGenerator(int bits)
    {
        if ((uint)bits > TwoAdicity)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "BabyBear has two-adic subgroups of order 2^0 to 2^27.");
        }

        var g = FromCanonical(0x1a427a41);
        for (var i = bits; i < TwoAdicity; i++)
        {
            g = g.Square();
        }

        return g;
    }

    /// <summary>Montgomery multiplication of two reduced Montgomery values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint MontyMul(uint a, uint b) => MontyReduce((ulong)a * b);

    /// <summary>Montgomery reduction: x·2^−32 mod p for x below p·2^32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint MontyReduce(ulong x)
    {
        var t = (uint)x * MontyMu;
        var u = (ulong)t * Modulus;
        var hi = (uint)(x >> 32);
        var uhi = (uint)(u >> 32);
        var r = hi - uhi;

        // If the subtraction borrowed, r + p wraps below r; otherwise r is already the smaller.
        // Min compiles to a conditional move: a data-dependent branch here mispredicts half the time.
        return Math.Min(r, r + Modulus);
    }

    /// <summary>
    /// Montgomery reduction of a sum of up to four products of reduced values (x &lt; 4p² &lt; 2^64):
    /// the quotient lands in (−p, 2p), so one correction each way suffices.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint MontyReduceSum(ulong x)
    {
        var t = (uint)x * MontyMu;
        var u = (ulong)t * Modulus;
        var r = (long)(x >> 32) - (long)(u >> 32);
        r += (r >> 63) & Modulus;
        r -= r >= Modulus ? Modulus : 0;
        return (uint)r;
    }

    /// <inheritdoc />
    public bool Equals(BabyBear other) => Monty == other.Monty;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BabyBear other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (int)Monty;

    /// <summary>The canonical value in decimal.</summary>
    public override string ToString() => ToCanonical().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
