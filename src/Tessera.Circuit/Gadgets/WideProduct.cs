using Tessera.Circuit.Lookups;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Gadgets;

/// <summary>
/// x·y + z ≡ w (mod 2^64) for 4-byte operands x, y sign-extended to 8 bytes by sign bits sx, sy
/// (bytes 4..7 are 255·s), an 8-byte addend z and an 8-byte result w. Limb k of the schoolbook
/// product, Σ_{i+j=k} x_i·y_j + z_k + carry_{k−1} = w_k + 256·carry_k, is one degree-2 constraint;
/// each carry is two range-checked bytes (carry &lt; 2^16), so with bytes w_k and operand bytes the
/// limb equations hold over the integers (every term stays far below p) and chain to the 64-bit
/// identity. The caller range-checks x, y, z and w, or takes them from tables that do.
/// </summary>
internal sealed class WideProduct
{
    /// <summary>Bytes of the product.</summary>
    public const int Limbs = 8;

    public WideProduct(string name, ColumnAllocator columns)
    {
        Name = name;
        CarryLo = columns.Take(Limbs);
        CarryHi = columns.Take(Limbs);
    }

    /// <summary>Names the gadget in constraint names.</summary>
    public string Name { get; }

    /// <summary>Low bytes of the limb carries.</summary>
    public int[] CarryLo { get; }

    /// <summary>High bytes of the limb carries.</summary>
    public int[] CarryHi { get; }

    /// <summary>Declares the limb constraints and the carries' range lookups (weight <paramref name="weight"/>).</summary>
    public void Eval(AirBuilder b, Expr weight, Expr[] x, Expr sx, Expr[] y, Expr sy, Expr[]? addend, Expr[] result)
    {
        var xe = Extend(x, sx);
        var ye = Extend(y, sy);
        for (var k = 0; k < Limbs; k++)
        {
            var limb = Expr.Sum(Enumerable.Range(0, k + 1).Select(i => xe[i] * ye[k - i]));
            var carryIn = k == 0 ? Expr.Zero : Carry(b, k - 1);
            var z = addend is null ? Expr.Zero : addend[k];
            b.AssertZero($"{Name}: product limb {k}", limb + z + carryIn - result[k] - (256 * Carry(b, k)));
            b.Send(Buses.Byte, weight, Expr.Const((int)ByteOp.Range), b.Main(CarryLo[k]), b.Main(CarryHi[k]), Expr.Zero);
        }
    }

    /// <summary>Fills the carries of x·y + z and counts their lookups; returns the low 64 bits of the result.</summary>
    public ulong Fill(Span<BabyBear> row, uint x, bool sx, uint y, bool sy, ulong addend, ByteCounts bytes)
    {
        var xe = (ulong)x | (sx ? 0xFFFF_FFFF_0000_0000UL : 0);
        var ye = (ulong)y | (sy ? 0xFFFF_FFFF_0000_0000UL : 0);
        ulong carry = 0, result = 0;
        for (var k = 0; k < Limbs; k++)
        {
            var limb = carry + ((addend >> (8 * k)) & 0xFF);
            for (var i = 0; i <= k; i++)
            {
                limb += ((xe >> (8 * i)) & 0xFF) * ((ye >> (8 * (k - i))) & 0xFF);
            }

            result |= (limb & 0xFF) << (8 * k);
            carry = limb >> 8;
            if (carry >= 1 << 16)
            {
                throw new InvalidOperationException($"{Name}: carry {carry} of limb {k} does not fit two bytes.");
            }

            uint lo = (uint)carry & 0xFF, hi = (uint)carry >> 8;
            row[CarryLo[k]] = BabyBear.FromCanonical(lo);
            row[CarryHi[k]] = BabyBear.FromCanonical(hi);
            bytes.Range(lo, hi);
        }

        return result;
    }

    private Expr Carry(AirBuilder b, int k) => b.Main(CarryLo[k]) + (256 * b.Main(CarryHi[k]));

    private static Expr[] Extend(Expr[] v, Expr sign)
    {
        var ext = 255 * sign;
        return [.. v, ext, ext, ext, ext];
    }
}
