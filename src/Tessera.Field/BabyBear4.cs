using System.Runtime.CompilerServices;

namespace Tessera.Field;

/// <summary>
/// An element of the degree-4 extension F[X]/(X^4 − 11) of BabyBear (Plonky3's convention):
/// c0 + c1·X + c2·X² + c3·X³. About 124 bits; challenges and out-of-domain points live here.
/// </summary>
public readonly struct BabyBear4 : IEquatable<BabyBear4>
{
    /// <summary>The non-residue W with X^4 = W.</summary>
    public const uint W = 11;

    /// <summary>Coefficient of X^0.</summary>
    public readonly BabyBear C0;

    /// <summary>Coefficient of X^1.</summary>
    public readonly BabyBear C1;

    /// <summary>Coefficient of X^2.</summary>
    public readonly BabyBear C2;

    /// <summary>Coefficient of X^3.</summary>
    public readonly BabyBear C3;

    /// <summary>Builds an element from its four coefficients.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public BabyBear4(BabyBear c0, BabyBear c1, BabyBear c2, BabyBear c3)
    {
        C0 = c0;
        C1 = c1;
        C2 = c2;
        C3 = c3;
    }

    /// <summary>Embeds a base-field element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public BabyBear4(BabyBear c0)
    {
        C0 = c0;
        C1 = default;
        C2 = default;
        C3 = default;
    }

    /// <summary>The additive identity.</summary>
    public static BabyBear4 Zero => default;

    /// <summary>The multiplicative identity.</summary>
    public static BabyBear4 One => new(BabyBear.One);

    /// <summary>True for the zero element.</summary>
    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero && C3.IsZero;

    /// <summary>True when the element lies in the base field.</summary>
    public bool IsBase => C1.IsZero && C2.IsZero && C3.IsZero;

    /// <summary>Embeds a base-field element.</summary>
    public static implicit operator BabyBear4(BabyBear b) => new(b);

    /// <summary>Coefficient <paramref name="i"/> (0..3).</summary>
    public BabyBear this[int i] => i switch
    {
        0 => C0,
        1 => C1,
        2 => C2,
        3 => C3,
        _ => throw new ArgumentOutOfRangeException(nameof(i)),
    };

    /// <summary>Builds an element from canonical coefficient values.</summary>
    public static BabyBear4 FromCanonical(uint c0, uint c1, uint c2, uint c3) =>
        new(BabyBear.FromCanonical(c0), BabyBear.FromCanonical(c1), BabyBear.FromCanonical(c2), BabyBear.FromCanonical(c3));

    /// <summary>Extension addition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear4 operator +(BabyBear4 a, BabyBear4 b) => new(a.C0 + b.C0, a.C1 + b.C1, a.C2 + b.C2, a.C3 + b.C3);

    /// <summary>Extension subtraction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear4 operator -(BabyBear4 a, BabyBear4 b) => new(a.C0 - b.C0, a.C1 - b.C1, a.C2 - b.C2, a.C3 - b.C3);

    /// <summary>Extension negation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear4 operator -(BabyBear4 a) => new(-a.C0, -a.C1, -a.C2, -a.C3);

    /// <summary>Adds a base-field element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear4 operator +(BabyBear4 a, BabyBear b) => new(a.C0 + b, a.C1, a.C2, a.C3);

    /// <summary>Subtracts a base-field element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear4 operator -(BabyBear4 a, BabyBear b) => new(a.C0 - b, a.C1, a.C2, a.C3);

    /// <summary>Multiplies by a base-field element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear4 operator *(BabyBear4 a, BabyBear b) => new(a.C0 * b, a.C1 * b, a.C2 * b, a.C3 * b);

    /// <summary>Multiplies by a base-field element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear4 operator *(BabyBear a, BabyBear4 b) => b * a;

    /// <summary>Extension multiplication, reducing with X^4 = 11.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BabyBear4 operator *(BabyBear4 a, BabyBear4 b)
    {
        // Products are summed as 64-bit values and reduced once per coefficient: each is below p²
        // and at most four are summed, which stays below 2^64 (see BabyBear.MontyReduceSum).
        ulong a0 = a.C0.Monty, a1 = a.C1.Monty, a2 = a.C2.Monty, a3 = a.C3.Monty;
        ulong b0 = b.C0.Monty, b1 = b.C1.Monty, b2 = b.C2.Monty, b3 = b.C3.Monty;

        var w0 = Reduce(a1 * b3 + a2 * b2 + a3 * b1);
        var w1 = Reduce(a2 * b3 + a3 * b2);
        var w2 = Reduce(a3 * b3);
        var r0 = BabyBear.FromMonty(Reduce(a0 * b0)) + MulW(w0);
        var r1 = BabyBear.FromMonty(Reduce(a0 * b1 + a1 * b0)) + MulW(w1);
        var r2 = BabyBear.FromMonty(Reduce(a0 * b2 + a1 * b1 + a2 * b0)) + MulW(w2);
        var r3 = BabyBear.FromMonty(Reduce(a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0));
        return new(r0, r1, r2, r3);
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(BabyBear4 a, BabyBear4 b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(BabyBear4 a, BabyBear4 b) => !a.Equals(b);

    /// <summary>The element squared.</summary>
    public BabyBear4 Square() => this * this;

    /// <summary>Raises the element to a power by square-and-multiply.</summary>
    public BabyBear4 Pow(ulong exponent)
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

    /// <summary>
    /// The multiplicative inverse. a(X)·a(−X) lies in F[X²] = F[Y]/(Y² − 11), whose inverse needs one
    /// base-field inversion of the norm.
    /// </summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public BabyBear4 Inverse()
    {
        if (IsZero)
        {
            throw new DivideByZeroException("Zero has no inverse in the BabyBear extension.");
        }

        var w = BabyBear.FromCanonical(W);
        BabyBear a0 = C0, a1 = C1, a2 = C2, a3 = C3;

        // c = e² − Y·o² with e = a0 + a2·Y, o = a1 + a3·Y.
        var c0 = a0.Square() + w * a2.Square() - w * (a1 * a3).Double();
        var c2 = (a0 * a2).Double() - a1.Square() - w * a3.Square();
        var normInv = (c0.Square() - w * c2.Square()).Inverse();
        var d0 = c0 * normInv;
        var d2 = -(c2 * normInv);

        // (e − X·o)·(d0 + d2·Y)
        return new(
            a0 * d0 + w * a2 * d2,
            -(a1 * d0 + w * a3 * d2),
            a0 * d2 + a2 * d0,
            -(a1 * d2 + a3 * d0));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Reduce(ulong x) => BabyBear.MontyReduceSum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static BabyBear MulW(uint monty)
    {
        // 11·x as additions: cheaper than a Montgomery multiply.
        var x = BabyBear.FromMonty(monty);
        var x2 = x.Double();
        var x8 = x2.Double().Double();
        return x8 + x2 + x;
    }

    /// <inheritdoc />
    public bool Equals(BabyBear4 other) => C0 == other.C0 && C1 == other.C1 && C2 == other.C2 && C3 == other.C3;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BabyBear4 other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(C0, C1, C2, C3);

    /// <summary>The canonical coefficients, lowest first.</summary>
    public override string ToString() => $"[{C0}, {C1}, {C2}, {C3}]";
}
