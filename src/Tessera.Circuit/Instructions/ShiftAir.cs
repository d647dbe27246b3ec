using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// SLL, SRL, SRA and their immediate forms. The amount is the low five bits of B's byte 0 (rs2, or
/// the immediate's amount from the program table): b0 = s0 + 2·s1 + 4·s2 + 8·(byte shift) + 32·h
/// with bit-shift bits s0..s2 boolean, the byte shift (0..3) one-hot in four boolean selectors, and
/// h ∈ [0, 8) by the lookup Range(h, 32·h). Each byte of A is multiplied by m = 2^s (left) or
/// 2^(8−s) (right) into a low and a high byte, both range-checked (the product is below 2^16, so
/// the split is unique); pow = 2^s = (1+s0)(1+3·s1)(1+15·s2) and rpow·pow = 256. A left shift's
/// byte i is lo_i + hi_{i−1}, a right shift's is hi_i + lo_{i+1} (above the top byte: the fill's
/// lo, sign·(256 − rpow)); the byte shift then picks bytes, filling with 0 or, for SRA, 255·sign,
/// where sign comes from the byte table's Lt(a3, 128). Every result byte is a sum of disjoint bit
/// fields of bytes, so the result needs no range check of its own.
/// </summary>
internal sealed class ShiftAir : InstructionAir
{
    private static readonly Opcode[] Immediates = [Opcode.Slli, Opcode.Srli, Opcode.Srai];

    private int[] _bit = [];
    private int[] _byteShift = [];
    private int[] _lo = [];
    private int[] _hi = [];
    private int _amountHigh, _pow, _rpow, _sign, _fill;

    public ShiftAir()
        : base("shift", [Opcode.Sll, Opcode.Srl, Opcode.Sra, Opcode.Slli, Opcode.Srli, Opcode.Srai],
            readsRs1: true, readsRs2: true, writesRd: true)
    {
    }


    /// <summary>The selector column of <paramref name="op"/>.</summary>
    internal int SelectorOf(Opcode op) => SelectorColumn(op);

    /// <summary>The low byte of byte <paramref name="i"/> of A times the multiplier.</summary>
    internal int LowColumn(int i) => _lo[i];

    /// <summary>The high byte of byte <paramref name="i"/> of A times the multiplier.</summary>
    internal int HighColumn(int i) => _hi[i];


    /// <summary>SRA's sign.</summary>
    internal int SignColumn => _sign;

    /// <summary>The sign bits shifted into the top byte.</summary>
    internal int FillColumn => _fill;

    protected override bool ChecksResult => false;

    protected override void Layout(ColumnAllocator columns)
    {
        _bit = columns.Take(3);
        _byteShift = columns.Take(4);
        _amountHigh = columns.Next();
        _pow = columns.Next();
        _rpow = columns.Next();
        _lo = columns.Take(4);
        _hi = columns.Take(4);
        _sign = columns.Next();
        _fill = columns.Next();
    }

    protected override bool ReadsRs2(in Step s) => !Immediates.Contains(s.Ins.Op);

    protected override void EvalFamily(AirBuilder b)
    {
        var ad = Adapter;
        var a = ad.A.Read(b);
        var bb = ad.B.Read(b);
        var c = ad.C.Read(b);
        var isReal = IsReal(b);
        var isImm = Any(b, Immediates);
        var left = Any(b, Opcode.Sll, Opcode.Slli);
        var right = Any(b, Opcode.Srl, Opcode.Srli, Opcode.Sra, Opcode.Srai);
        var arith = Any(b, Opcode.Sra, Opcode.Srai);

        ad.Eval(b, isReal, OpcodeOf(b), [.. bb.Select(x => isImm * x)], b.Main(ad.Pc) + 4,
            readsRs2: isReal - isImm, checkResult: ChecksResult);

        // The amount: b0 = bits + 8·(byte shift) + 32·h, h < 8.
        var s = _bit.Select(b.Main).ToArray();
        var k = _byteShift.Select(b.Main).ToArray();
        var h = b.Main(_amountHigh);
        for (var i = 0; i < 3; i++)
        {
            b.AssertBool($"shift: amount bit {i} boolean", s[i]);
        }

        for (var i = 0; i < 4; i++)
        {
            b.AssertBool($"shift: byte shift {i} boolean", k[i]);
        }

        b.AssertZero("shift: one byte shift", Expr.Sum(k) - isReal);
        b.AssertZero("shift: amount is b's low five bits",
            bb[0] - (s[0] + (2 * s[1]) + (4 * s[2]) + (8 * (k[1] + (2 * k[2]) + (3 * k[3])))) - (32 * h));
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), h, 32 * h, Expr.Zero);

        // The multiplier: 2^s for left shifts, 2^(8−s) for right shifts.
        var pow = b.Main(_pow);
        var rpow = b.Main(_rpow);
        b.AssertZero("shift: pow is 2^bit shift", pow - ((1 + s[0]) * (1 + (3 * s[1])) * (1 + (15 * s[2]))) + 1 - isReal);
        b.AssertZero("shift: rpow is 2^(8 - bit shift)", (rpow * pow) - (256 * isReal));
        var mult = (left * pow) + (right * rpow);
        var lo = _lo.Select(b.Main).ToArray();
        var hi = _hi.Select(b.Main).ToArray();
        for (var i = 0; i < 4; i++)
        {
            b.AssertZero($"shift: byte {i} times the multiplier", (a[i] * mult) - lo[i] - (256 * hi[i]));
        }

        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), lo[0], lo[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), lo[2], lo[3], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), hi[0], hi[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), hi[2], hi[3], Expr.Zero);

        // SRA's sign, and the bits it shifts into the top byte.
        var sign = b.Main(_sign);
        var fill = b.Main(_fill);
        b.Send(Buses.Byte, arith, Expr.Const((int)ByteOp.Lt), a[3], Expr.Const(128), 1 - sign);
        b.AssertZero("shift: sign only for sra", sign * (1 - arith));
        b.AssertZero("shift: sign fill of the top byte", fill - (sign * (256 - rpow)));

        // Bit-shifted bytes, then the byte shift.
        var t = new Expr[4];
        var u = new Expr[4];
        for (var i = 0; i < 4; i++)
        {
            t[i] = i == 0 ? lo[0] : lo[i] + hi[i - 1];
            u[i] = hi[i] + (i == 3 ? fill : lo[i + 1]);
        }

        var fillByte = 255 * sign;
        for (var j = 0; j < 4; j++)
        {
            var shl = Expr.Sum(Enumerable.Range(0, j + 1).Select(n => k[n] * t[j - n]));
            var shr = Expr.Sum(Enumerable.Range(0, 4).Select(n => k[n] * (j + n <= 3 ? u[j + n] : fillByte)));
            b.AssertZero($"shift: result byte {j}", c[j] - (left * shl) - (right * shr));
        }
    }

    protected override void FillFamily(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes)
    {
        var op = s.Ins.Op;
        var a = s.A;
        var bv = ReadsRs2(s) ? s.B : s.Ins.Imm;
        Adapter.B.Fill(row, bv);
        Adapter.C.Fill(row, s.Result);

        var amount = bv & 31;
        var bitShift = (int)(amount & 7);
        var byteShift = (int)(amount >> 3);
        var h = (bv & 0xFF) >> 5;
        for (var i = 0; i < 3; i++)
        {
            row[_bit[i]] = BabyBear.FromCanonical((uint)(bitShift >> i) & 1);
        }

        row[_byteShift[byteShift]] = BabyBear.One;
        row[_amountHigh] = BabyBear.FromCanonical(h);
        bytes.Range(h, 32 * h);

        uint pow = 1u << bitShift, rpow = 256u >> bitShift;
        row[_pow] = BabyBear.FromCanonical(pow);
        row[_rpow] = BabyBear.FromCanonical(rpow);
        var mult = op is Opcode.Sll or Opcode.Slli ? pow : rpow;
        Span<uint> lo = stackalloc uint[4];
        Span<uint> hi = stackalloc uint[4];
        for (var i = 0; i < 4; i++)
        {
            var p = ((a >> (8 * i)) & 0xFF) * mult;
            lo[i] = p & 0xFF;
            hi[i] = p >> 8;
            row[_lo[i]] = BabyBear.FromCanonical(lo[i]);
            row[_hi[i]] = BabyBear.FromCanonical(hi[i]);
        }

        bytes.Range(lo[0], lo[1]);
        bytes.Range(lo[2], lo[3]);
        bytes.Range(hi[0], hi[1]);
        bytes.Range(hi[2], hi[3]);

        var arith = op is Opcode.Sra or Opcode.Srai;
        var sign = arith ? a >> 31 : 0;
        row[_sign] = BabyBear.FromCanonical(sign);
        row[_fill] = BabyBear.FromCanonical(sign * (256 - rpow));
        if (arith)
        {
            bytes.Add(ByteOp.Lt, a >> 24, 128);
        }
    }
}
