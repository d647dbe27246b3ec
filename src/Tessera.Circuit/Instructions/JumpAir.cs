using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// JAL, JALR, LUI, AUIPC and FENCE: the instructions whose result or next pc comes from the pc or
/// the immediate alone.
/// <list type="bullet">
/// <item>The pc's bytes P (P = pc, range-checked, P3 &lt; 16 so P &lt; 2^28 &lt; p and the bytes are
/// the pc's) feed one carry chain P + Y = C mod 2^32 (carries k0..k3 boolean, C range-checked by the
/// adapter): Y = 4 for the link of JAL and JALR, Y = imm for AUIPC.</item>
/// <item>LUI: C = imm (its bytes are the program table's).</item>
/// <item>JAL: next = pc + imm, imm signed (<see cref="SignedImmediate"/>).</item>
/// <item>JALR: a second chain rs1 + imm = T mod 2^32 (carries m0..m3), T0 = 2h + bit with h and
/// T1..T3 range-checked and T3 &lt; 16, so T &lt; 2^28 is the true sum (a larger one lies outside guest
/// memory and has no program row anyway) and bit its bit 0; next = T − bit. A target that is
/// misaligned or outside the code has no program row.</item>
/// <item>FENCE: a no-op, next = pc + 4.</item>
/// </list>
/// </summary>
internal sealed class JumpAir : InstructionAir
{
    private WordColumns _imm;
    private WordColumns _pcBytes;
    private int[] _carry = [];
    private int[] _targetCarry = [];
    private int[] _target = [];
    private int _half, _bit;

    public JumpAir()
        : base("jump", [Opcode.Jal, Opcode.Jalr, Opcode.Lui, Opcode.Auipc, Opcode.Fence],
            readsRs1: true, readsRs2: false, writesRd: true)
    {
    }


    /// <summary>The column of byte <paramref name="i"/> of the pc.</summary>
    internal int PcByteColumn(int i) => _pcBytes.Bytes[i];

    /// <summary>The column of bit 0 of JALR's rs1 + imm.</summary>
    internal int BitColumn => _bit;

    /// <summary>The column of JALR's (rs1 + imm) byte 0 &gt;&gt; 1.</summary>
    internal int HalfColumn => _half;

    /// <summary>The column of byte <paramref name="i"/> (1..3) of JALR's rs1 + imm.</summary>
    internal int TargetByteColumn(int i) => _target[i - 1];

    protected override void Layout(ColumnAllocator columns)
    {
        _imm = columns.Word();
        _pcBytes = columns.Word();
        _carry = columns.Take(4);
        _half = columns.Next();
        _bit = columns.Next();
        _target = columns.Take(3);
        _targetCarry = columns.Take(4);
    }

    protected override void EvalFamily(AirBuilder b)
    {
        var ad = Adapter;
        var a = ad.A.Read(b);
        var c = ad.C.Read(b);
        var imm = _imm.Read(b);
        var p = _pcBytes.Read(b);
        var k = _carry.Select(b.Main).ToArray();
        var m = _targetCarry.Select(b.Main).ToArray();
        var pc = b.Main(ad.Pc);
        var jal = Sel(b, Opcode.Jal);
        var jalr = Sel(b, Opcode.Jalr);
        var lui = Sel(b, Opcode.Lui);
        var auipc = Sel(b, Opcode.Auipc);
        var link = jal + jalr;
        var usesPc = link + auipc;
        var half = b.Main(_half);
        var bit = b.Main(_bit);
        Expr[] t = [(2 * half) + bit, b.Main(_target[0]), b.Main(_target[1]), b.Main(_target[2])];
        var cleared = (2 * half) + (256 * t[1]) + (65536 * t[2]) + (Expr.Const(1 << 24) * t[3]);

        var next = (jal * (pc + SignedImmediate.Of(imm))) + (jalr * cleared) + ((lui + auipc + Sel(b, Opcode.Fence)) * (pc + 4));
        ad.Eval(b, IsReal(b), OpcodeOf(b), imm, next);

        // The pc's bytes.
        b.AssertZero("jump: pc bytes", usesPc * (_pcBytes.Value(b) - pc));
        b.Send(Buses.Byte, usesPc, Expr.Const((int)ByteOp.Range), p[0], p[1], Expr.Zero);
        b.Send(Buses.Byte, usesPc, Expr.Const((int)ByteOp.Range), p[2], 16 * p[3], Expr.Zero);

        // P + (4 | imm) = C.
        for (var i = 0; i < 4; i++)
        {
            var carryIn = i == 0 ? Expr.Zero : k[i - 1];
            var y = (auipc * imm[i]) + (i == 0 ? 4 * link : Expr.Zero);
            b.AssertBool($"jump: carry {i} boolean", k[i]);
            b.AssertZero($"jump: byte {i} of pc + (4 | imm)", (usesPc * (p[i] + carryIn - c[i] - (256 * k[i]))) + y);
            b.AssertZero($"jump: lui byte {i}", lui * (c[i] - imm[i]));
        }

        // JALR: rs1 + imm = T, T0 = 2·half + bit.
        b.AssertBool("jump: bit 0 boolean", bit);
        for (var i = 0; i < 4; i++)
        {
            var carryIn = i == 0 ? Expr.Zero : m[i - 1];
            b.AssertBool($"jump: target carry {i} boolean", m[i]);
            b.AssertZero($"jump: byte {i} of rs1 + imm", jalr * (a[i] + imm[i] + carryIn - t[i] - (256 * m[i])));
        }

        b.Send(Buses.Byte, jalr, Expr.Const((int)ByteOp.Range), half, t[1], Expr.Zero);
        b.Send(Buses.Byte, jalr, Expr.Const((int)ByteOp.Range), t[2], 16 * t[3], Expr.Zero);
    }

    protected override void FillFamily(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes)
    {
        var op = s.Ins.Op;
        var imm = s.Ins.Imm;
        _imm.Fill(row, imm);
        Adapter.C.Fill(row, s.Result);
        if (op is Opcode.Jal or Opcode.Jalr or Opcode.Auipc)
        {
            var pc = s.Pc;
            _pcBytes.Fill(row, pc);
            bytes.Range(pc & 0xFF, (pc >> 8) & 0xFF);
            bytes.Range((pc >> 16) & 0xFF, 16 * (pc >> 24));
            FillCarries(row, _carry, pc, op == Opcode.Auipc ? imm : 4);
        }

        if (op == Opcode.Jalr)
        {
            var target = s.A + imm;
            row[_half] = BabyBear.FromCanonical((target & 0xFF) >> 1);
            row[_bit] = BabyBear.FromCanonical(target & 1);
            for (var i = 1; i < 4; i++)
            {
                row[_target[i - 1]] = BabyBear.FromCanonical((target >> (8 * i)) & 0xFF);
            }

            bytes.Range((target & 0xFF) >> 1, (target >> 8) & 0xFF);
            bytes.Range((target >> 16) & 0xFF, 16 * (target >> 24));
            FillCarries(row, _targetCarry, s.A, imm);
        }
    }

    /// <summary>The byte carries of x + y.</summary>
    private static void FillCarries(Span<BabyBear> row, int[] columns, uint x, uint y)
    {
        uint carry = 0;
        for (var i = 0; i < 4; i++)
        {
            var sum = ((x >> (8 * i)) & 0xFF) + ((y >> (8 * i)) & 0xFF) + carry;
            carry = sum >> 8;
            row[columns[i]] = BabyBear.FromCanonical(carry);
        }
    }
}
