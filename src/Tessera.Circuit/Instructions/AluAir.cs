using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// ADD, SUB, XOR, OR, AND, SLT, SLTU and their immediate forms. The second operand B is rs2 (register
/// forms) or the immediate (whose bytes the program table supplies, so it needs no check). One carry
/// chain X + Y = Z (mod 2^32, byte carries k0..k3 boolean) proves ADD (a + b = c), SUB (b + c = a)
/// and the compares (b + d = a + 2^32·k3, so k3 = [a &lt; b] unsigned, d range-checked). Bitwise
/// results come from the byte table, byte by byte. SLT corrects the unsigned compare by the signs,
/// which the byte table's Lt(top byte, 128) gives.
/// </summary>
internal sealed class AluAir : InstructionAir
{
    private static readonly Opcode[] Immediates = [Opcode.Addi, Opcode.Xori, Opcode.Ori, Opcode.Andi, Opcode.Slti, Opcode.Sltiu];

    private int[] _carry = [];
    private WordColumns _diff;
    private int _signA, _signB, _sameSign;

    public AluAir()
        : base("alu", [Opcode.Add, Opcode.Sub, Opcode.Xor, Opcode.Or, Opcode.And, Opcode.Slt, Opcode.Sltu,
            Opcode.Addi, Opcode.Xori, Opcode.Ori, Opcode.Andi, Opcode.Slti, Opcode.Sltiu],
            readsRs1: true, readsRs2: true, writesRd: true)
    {
    }




    protected override void Layout(ColumnAllocator columns)
    {
        _carry = columns.Take(4);
        _diff = columns.Word();
        _signA = columns.Next();
        _signB = columns.Next();
        _sameSign = columns.Next();
    }

    protected override bool ReadsRs2(in Step s) => !Immediates.Contains(s.Ins.Op);

    protected override void EvalFamily(AirBuilder b)
    {
        var ad = Adapter;
        var a = ad.A.Read(b);
        var bb = ad.B.Read(b);
        var c = ad.C.Read(b);
        var d = _diff.Read(b);
        var isImm = Any(b, Immediates);
        var add = Any(b, Opcode.Add, Opcode.Addi);
        var sub = Sel(b, Opcode.Sub);
        var signed = Any(b, Opcode.Slt, Opcode.Slti);
        var unsigned = Any(b, Opcode.Sltu, Opcode.Sltiu);
        var lt = signed + unsigned;
        var bit = Any(b, Opcode.Xor, Opcode.Xori, Opcode.Or, Opcode.Ori, Opcode.And, Opcode.Andi);

        ad.Eval(b, IsReal(b), OpcodeOf(b), [.. bb.Select(x => isImm * x)], b.Main(ad.Pc) + 4, readsRs2: IsReal(b) - isImm);

        // The carry chain: add: a + b = c; sub: b + c = a; compares: b + d = a (+ 2^32·k3).
        var k = _carry.Select(b.Main).ToArray();
        for (var i = 0; i < 4; i++)
        {
            var x = (add * a[i]) + ((sub + lt) * bb[i]);
            var y = (add * bb[i]) + (sub * c[i]) + (lt * d[i]);
            var z = ((sub + lt) * a[i]) + (add * c[i]);
            var carryIn = i == 0 ? Expr.Zero : k[i - 1];
            b.AssertBool($"alu: carry {i} boolean", k[i]);
            b.AssertZero($"alu: byte {i} of the sum", x + y + carryIn - z - (256 * k[i]));
        }

        b.Send(Buses.Byte, lt, Expr.Const((int)ByteOp.Range), d[0], d[1], Expr.Zero);
        b.Send(Buses.Byte, lt, Expr.Const((int)ByteOp.Range), d[2], d[3], Expr.Zero);

        // Bitwise: each result byte is the byte table's.
        var bitOp = (Any(b, Opcode.Xor, Opcode.Xori) * (int)ByteOp.Xor) + (Any(b, Opcode.Or, Opcode.Ori) * (int)ByteOp.Or)
            + (Any(b, Opcode.And, Opcode.Andi) * (int)ByteOp.And);
        for (var i = 0; i < 4; i++)
        {
            b.Send(Buses.Byte, bit, bitOp, a[i], bb[i], c[i]);
        }

        // Compares: c = 0 or 1 in its low byte.
        var sa = b.Main(_signA);
        var sb = b.Main(_signB);
        var same = b.Main(_sameSign);
        b.Send(Buses.Byte, signed, Expr.Const((int)ByteOp.Lt), a[3], Expr.Const(128), 1 - sa);
        b.Send(Buses.Byte, signed, Expr.Const((int)ByteOp.Lt), bb[3], Expr.Const(128), 1 - sb);
        b.AssertZero("alu: same sign", signed * (same - (1 - sa - sb + (2 * sa * sb))));
        b.AssertZero("alu: sltu result", unsigned * (c[0] - k[3]));
        b.AssertZero("alu: slt result", signed * (c[0] - (sa - (sa * sb) + (same * k[3]))));
        for (var i = 1; i < 4; i++)
        {
            b.AssertZero($"alu: compare result byte {i}", lt * c[i]);
        }
    }

    protected override void FillFamily(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes)
    {
        var op = s.Ins.Op;
        var a = s.A;
        var bv = ReadsRs2(s) ? s.B : s.Ins.Imm;
        Adapter.B.Fill(row, bv);
        Adapter.C.Fill(row, s.Result);
        uint x, y;
        switch (op)
        {
            case Opcode.Add or Opcode.Addi:
                (x, y) = (a, bv);
                break;
            case Opcode.Sub:
                (x, y) = (bv, s.Result);
                break;
            case Opcode.Slt or Opcode.Slti or Opcode.Sltu or Opcode.Sltiu:
                var d = a - bv;
                _diff.Fill(row, d);
                bytes.Word(d);
                (x, y) = (bv, d);
                break;
            default:
                for (var i = 0; i < 4; i++)
                {
                    var bitOp = op is Opcode.Xor or Opcode.Xori ? ByteOp.Xor : op is Opcode.Or or Opcode.Ori ? ByteOp.Or : ByteOp.And;
                    bytes.Add(bitOp, (a >> (8 * i)) & 0xFF, (bv >> (8 * i)) & 0xFF);
                }

                (x, y) = (0, 0);
                break;
        }

        uint carry = 0;
        for (var i = 0; i < 4; i++)
        {
            var sum = ((x >> (8 * i)) & 0xFF) + ((y >> (8 * i)) & 0xFF) + carry;
            carry = sum >> 8;
            row[_carry[i]] = BabyBear.FromCanonical(carry);
        }

        uint sa = a >> 31, sb = bv >> 31;
        row[_signA] = BabyBear.FromCanonical(sa);
        row[_signB] = BabyBear.FromCanonical(sb);
        row[_sameSign] = BabyBear.FromCanonical(sa == sb ? 1u : 0u);
        if (op is Opcode.Slt or Opcode.Slti)
        {
            bytes.Add(ByteOp.Lt, a >> 24, 128);
            bytes.Add(ByteOp.Lt, bv >> 24, 128);
        }
    }
}
