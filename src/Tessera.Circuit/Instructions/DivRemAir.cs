using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// DIV, DIVU, REM, REMU. With dividend A (rs1), divisor B (rs2), quotient q and remainder r (bytes,
/// range-checked; rd gets q or r), the row proves over the integers
/// <c>B·Q + R = A</c> where A = a − 2^32·sa, B = b − 2^32·sb (sa, sb from the byte table's
/// Lt(top byte, 128) for the signed ops, 0 for the unsigned), Q = q − 2^32·sq with sq a free bit
/// (0 for unsigned ops), and R = r − 2^32·sr. The identity is checked mod 2^64 by
/// <see cref="WideProduct"/> and holds over the integers because |B·Q + R − A| &lt; 2^64.
/// <list type="bullet">
/// <item>|R| and |B| are proven by negation chains: with s the sign, s = 0 gives abs = v, s = 1
/// gives v + abs = 2^32·k3. For R, s is the dividend's sign sa and sr = k3: sr = 1 exactly when the
/// dividend is negative and r ≠ 0 (then R = −|R|), so R takes the dividend's sign or is zero.</item>
/// <item>When b ≠ 0: |R| + gap + 1 = |B| with gap range-checked and no carry out, so |R| &lt; |B|,
/// which with the sign rule makes Q the truncated quotient, unique. Signed overflow needs no case of
/// its own: Q = 2^31 is q = 0x8000_0000 with sq = 0, and R = 0.</item>
/// <item>b = 0 is the flag z with an inverse witness: z·Σb = 0 and Σb·inv = is_real − z, so z is 1
/// exactly when every byte of b is 0 (Σb ≤ 1020 cannot wrap). Then q is forced to 0xFFFF_FFFF and
/// the identity gives R = A, so r = a.</item>
/// </list>
/// </summary>
internal sealed class DivRemAir : InstructionAir
{
    private WordColumns _quotient, _remainder, _absB, _absR, _gap;
    private int[] _absBCarry = [], _absRCarry = [], _gapCarry = [];
    private int _signA, _signB, _signQ, _zero, _inverse;
    private WideProduct _product = null!;

    public DivRemAir()
        : base("divrem", [Opcode.Div, Opcode.Divu, Opcode.Rem, Opcode.Remu], readsRs1: true, readsRs2: true, writesRd: true)
    {
    }


    /// <summary>The selector column of <paramref name="op"/>.</summary>
    internal int SelectorOf(Opcode op) => SelectorColumn(op);

    /// <summary>Byte <paramref name="i"/> of the quotient.</summary>
    internal int QuotientByteColumn(int i) => _quotient.Bytes[i];

    /// <summary>Byte <paramref name="i"/> of the remainder.</summary>
    internal int RemainderByteColumn(int i) => _remainder.Bytes[i];

    /// <summary>Byte <paramref name="i"/> of |remainder|.</summary>
    internal int AbsRemainderByteColumn(int i) => _absR.Bytes[i];

    /// <summary>Byte <paramref name="i"/> of |divisor| − |remainder| − 1.</summary>
    internal int GapByteColumn(int i) => _gap.Bytes[i];

    /// <summary>Carry <paramref name="j"/> of the bound chain.</summary>
    internal int GapCarryColumn(int j) => _gapCarry[j];

    /// <summary>The quotient's sign-extension bit.</summary>
    internal int QuotientSignColumn => _signQ;

    /// <summary>The divisor-is-zero flag.</summary>
    internal int ZeroColumn => _zero;

    /// <summary>The inverse of the divisor's byte sum.</summary>
    internal int InverseColumn => _inverse;

    protected override bool ChecksResult => false;

    protected override void Layout(ColumnAllocator columns)
    {
        _quotient = columns.Word();
        _remainder = columns.Word();
        _signA = columns.Next();
        _signB = columns.Next();
        _signQ = columns.Next();
        _zero = columns.Next();
        _inverse = columns.Next();
        _absB = columns.Word();
        _absBCarry = columns.Take(4);
        _absR = columns.Word();
        _absRCarry = columns.Take(4);
        _gap = columns.Word();
        _gapCarry = columns.Take(3);
        _product = new WideProduct("divrem", columns);
    }

    protected override void EvalFamily(AirBuilder b)
    {
        var ad = Adapter;
        var a = ad.A.Read(b);
        var bb = ad.B.Read(b);
        var c = ad.C.Read(b);
        var q = _quotient.Read(b);
        var r = _remainder.Read(b);
        var isReal = IsReal(b);
        var signed = Any(b, Opcode.Div, Opcode.Rem);
        var div = Any(b, Opcode.Div, Opcode.Divu);
        var rem = Any(b, Opcode.Rem, Opcode.Remu);

        ad.Eval(b, isReal, OpcodeOf(b), [Expr.Zero, Expr.Zero, Expr.Zero, Expr.Zero], b.Main(ad.Pc) + 4, checkResult: ChecksResult);

        // rd gets q or r, both range-checked here.
        for (var j = 0; j < 4; j++)
        {
            b.AssertZero($"divrem: result byte {j}", c[j] - (div * q[j]) - (rem * r[j]));
        }

        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), q[0], q[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), q[2], q[3], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), r[0], r[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), r[2], r[3], Expr.Zero);

        // Signs.
        var sa = b.Main(_signA);
        var sb = b.Main(_signB);
        var sq = b.Main(_signQ);
        b.Send(Buses.Byte, signed, Expr.Const((int)ByteOp.Lt), a[3], Expr.Const(128), 1 - sa);
        b.Send(Buses.Byte, signed, Expr.Const((int)ByteOp.Lt), bb[3], Expr.Const(128), 1 - sb);
        b.AssertZero("divrem: dividend sign only when signed", sa * (1 - signed));
        b.AssertZero("divrem: divisor sign only when signed", sb * (1 - signed));
        b.AssertBool("divrem: quotient sign boolean", sq);
        b.AssertZero("divrem: quotient sign only when signed", sq * (1 - signed));

        // Division by zero.
        var z = b.Main(_zero);
        var sum = Expr.Sum(bb);
        b.AssertZero("divrem: zero flag only for a zero divisor", z * sum);
        b.AssertZero("divrem: a nonzero divisor has an inverse", (sum * b.Main(_inverse)) - (isReal - z));
        for (var j = 0; j < 4; j++)
        {
            b.AssertZero($"divrem: division by zero gives all ones, byte {j}", z * (q[j] - 255));
        }

        // Magnitudes: |B| with B's sign, |R| with the dividend's (R's own sign is the chain's carry out).
        var absB = _absB.Read(b);
        var absR = _absR.Read(b);
        Negation(b, "divisor", bb, sb, absB, _absBCarry);
        Negation(b, "remainder", r, sa, absR, _absRCarry);
        var sr = b.Main(_absRCarry[3]);
        b.AssertZero("divisor: magnitude carry is its sign", b.Main(_absBCarry[3]) - sb);
        b.AssertZero("remainder: no sign for a nonnegative dividend", sr * (1 - sa));
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), absB[0], absB[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), absB[2], absB[3], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), absR[0], absR[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), absR[2], absR[3], Expr.Zero);

        // |R| < |B| when b ≠ 0: |R| + gap + 1 = |B| with no carry out.
        var nonzero = isReal - z;
        var gap = _gap.Read(b);
        var k = _gapCarry.Select(b.Main).ToArray();
        for (var j = 0; j < 4; j++)
        {
            var carryIn = j == 0 ? Expr.One : k[j - 1];
            var carryOut = j == 3 ? Expr.Zero : 256 * k[j];
            if (j < 3)
            {
                b.AssertBool($"divrem: bound carry {j} boolean", k[j]);
            }

            b.AssertZero($"divrem: remainder below divisor, byte {j}", nonzero * (absR[j] + gap[j] + carryIn - absB[j] - carryOut));
        }

        b.Send(Buses.Byte, nonzero, Expr.Const((int)ByteOp.Range), gap[0], gap[1], Expr.Zero);
        b.Send(Buses.Byte, nonzero, Expr.Const((int)ByteOp.Range), gap[2], gap[3], Expr.Zero);

        // B·Q + R = A (mod 2^64), every operand sign-extended.
        var rExt = 255 * sr;
        var aExt = 255 * sa;
        _product.Eval(b, isReal, bb, sb, q, sq, [.. r, rExt, rExt, rExt, rExt], [.. a, aExt, aExt, aExt, aExt]);
    }

    protected override void FillFamily(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes)
    {
        var op = s.Ins.Op;
        uint a = s.A, d = s.B;
        var signed = op is Opcode.Div or Opcode.Rem;
        uint q, r;
        bool sq;
        if (d == 0)
        {
            (q, r, sq) = (uint.MaxValue, a, false);
        }
        else if (signed)
        {
            long qs = (long)(int)a / (int)d, rs = (long)(int)a % (int)d;
            (q, r, sq) = ((uint)qs, (uint)rs, qs < 0);
        }
        else
        {
            (q, r, sq) = (a / d, a % d, false);
        }

        Adapter.C.Fill(row, s.Result);
        _quotient.Fill(row, q);
        _remainder.Fill(row, r);
        bytes.Word(q);
        bytes.Word(r);

        var sa = signed && (a >> 31) != 0;
        var sb = signed && (d >> 31) != 0;
        row[_signA] = Bit(sa);
        row[_signB] = Bit(sb);
        row[_signQ] = Bit(sq);
        if (signed)
        {
            bytes.Add(ByteOp.Lt, a >> 24, 128);
            bytes.Add(ByteOp.Lt, d >> 24, 128);
        }

        var sum = (d & 0xFF) + ((d >> 8) & 0xFF) + ((d >> 16) & 0xFF) + (d >> 24);
        row[_zero] = Bit(d == 0);
        row[_inverse] = d == 0 ? BabyBear.Zero : BabyBear.FromCanonical(sum).Inverse();

        var absB = FillNegation(row, d, sb, _absB, _absBCarry);
        var absR = FillNegation(row, r, sa, _absR, _absRCarry);
        bytes.Word(absB);
        bytes.Word(absR);
        var sr = sa && r != 0;

        if (d != 0)
        {
            var gap = absB - absR - 1;
            _gap.Fill(row, gap);
            bytes.Word(gap);
            uint carry = 1;
            for (var j = 0; j < 3; j++)
            {
                carry = (((absR >> (8 * j)) & 0xFF) + ((gap >> (8 * j)) & 0xFF) + carry) >> 8;
                row[_gapCarry[j]] = BabyBear.FromCanonical(carry);
            }
        }

        var addend = (ulong)r | (sr ? 0xFFFF_FFFF_0000_0000UL : 0);
        _product.Fill(row, d, sb, q, sq, addend, bytes);
    }

    /// <summary>s = 0: abs = v; s = 1: v + abs = 2^32·k3 (carries k boolean, k3 the caller's to pin).</summary>
    private static void Negation(AirBuilder b, string name, Expr[] v, Expr s, Expr[] abs, int[] carry)
    {
        var k = carry.Select(b.Main).ToArray();
        for (var j = 0; j < 4; j++)
        {
            var carryIn = j == 0 ? Expr.Zero : k[j - 1];
            b.AssertBool($"{name}: magnitude carry {j} boolean", k[j]);
            b.AssertZero($"{name}: magnitude byte {j}",
                (s * (v[j] + abs[j] + carryIn - (256 * k[j]))) + ((1 - s) * (abs[j] - v[j])));
        }
    }

    private static uint FillNegation(Span<BabyBear> row, uint v, bool negative, WordColumns abs, int[] carry)
    {
        var magnitude = negative ? 0u - v : v;
        abs.Fill(row, magnitude);
        if (negative)
        {
            uint k = 0;
            for (var j = 0; j < 4; j++)
            {
                k = (((v >> (8 * j)) & 0xFF) + ((magnitude >> (8 * j)) & 0xFF) + k) >> 8;
                row[carry[j]] = BabyBear.FromCanonical(k);
            }
        }

        return magnitude;
    }

    private static BabyBear Bit(bool x) => x ? BabyBear.One : BabyBear.Zero;
}
