using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// The signed value of a branch or JAL immediate from its four bytes, as a field element. The
/// program table is trusted and holds the decoder's immediates: B- and J-type immediates are
/// sign-extended from 13 and 21 bits, so their top byte i3 is 0x00 or 0xFF and the sign is
/// i3 / 255. The value is then i0 + 2^8·i1 + 2^16·i2 + 2^24·i3 − 2^32·(i3 / 255), in
/// [−2^20, 2^20). Added to a pc below 2^28 it gives the true target whenever that target is
/// non-negative (the sum is an integer below p), and an element above p − 2^20 — no code address,
/// so no program row — when the true 32-bit sum wraps below zero.
/// </summary>
internal static class SignedImmediate
{
    /// <summary>2^24 − 2^32/255: the weight of the top byte (−2^24/255 in the field).</summary>
    public static readonly BabyBear TopWeight =
        BabyBear.FromUInt64(1ul << 24) - (BabyBear.FromUInt64(1ul << 32) * BabyBear.FromCanonical(255).Inverse());

    /// <summary>The signed immediate of <paramref name="imm"/>'s bytes.</summary>
    public static Expr Of(Expr[] imm) => imm[0] + (256 * imm[1]) + (65536 * imm[2]) + (Expr.Const(TopWeight) * imm[3]);

    /// <summary>The same as <see cref="Of"/> on concrete bytes (for witnesses and tests).</summary>
    public static BabyBear Value(uint imm) =>
        BabyBear.FromCanonical(imm & 0xFF) + (BabyBear.FromCanonical(256) * BabyBear.FromCanonical((imm >> 8) & 0xFF))
        + (BabyBear.FromCanonical(65536) * BabyBear.FromCanonical((imm >> 16) & 0xFF)) + (TopWeight * BabyBear.FromCanonical(imm >> 24));
}
