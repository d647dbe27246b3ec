using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// BEQ, BNE, BLT, BGE, BLTU, BGEU: read rs1 (A) and rs2 (B), write nothing, and pass on
/// pc + imm when taken and pc + 4 otherwise. One carry chain b + d = a + 2^32·k3 (byte carries
/// k0..k3 boolean, d range-checked) gives d = a − b mod 2^32 and k3 = [a &lt; b] unsigned; a = b
/// exactly when d = 0, i.e. when the sum of d's bytes (at most 1020, so no wrap) is zero, which an
/// inverse witness decides. The signed compare is k3 + sa − sb, with the signs from the byte table
/// (Lt(top byte, 128)): when the signs differ the unsigned borrow is sb, and the signed answer is sa.
/// The target is the field element pc + 4 + taken·(imm − 4), imm signed (<see cref="SignedImmediate"/>):
/// it equals the true target whenever that is a code address, and no program row holds it otherwise.
/// </summary>
internal sealed class BranchAir : InstructionAir
{
    private WordColumns _imm;
    private WordColumns _diff;
    private int[] _carry = [];
    private int _eq, _inv, _signA, _signB, _taken;

    public BranchAir()
        : base("branch", [Opcode.Beq, Opcode.Bne, Opcode.Blt, Opcode.Bge, Opcode.Bltu, Opcode.Bgeu],
            readsRs1: true, readsRs2: true, writesRd: false)
    {
    }

    /// <summary>The taken flag's column (for tests that corrupt it).</summary>
    internal int TakenColumn => _taken;

    /// <summary>The a = b flag's column.</summary>
    internal int EqColumn => _eq;

    /// <summary>The column of byte <paramref name="i"/> of the immediate.</summary>
    internal int ImmByteColumn(int i) => _imm.Bytes[i];

    /// <summary>The column of carry <paramref name="i"/> of b + d = a.</summary>
    internal int CarryColumn(int i) => _carry[i];

    protected override void Layout(ColumnAllocator columns)
    {
        _imm = columns.Word();
        _diff = columns.Word();
        _carry = columns.Take(4);
        _eq = columns.Next();
        _inv = columns.Next();
        _signA = columns.Next();
        _signB = columns.Next();
        _taken = columns.Next();
    }

    protected override void EvalFamily(AirBuilder b)
    {
        var ad = Adapter;
        var a = ad.A.Read(b);
        var bb = ad.B.Read(b);
        var imm = _imm.Read(b);
        var d = _diff.Read(b);
        var k = _carry.Select(b.Main).ToArray();
        var isReal = IsReal(b);
        var pc = b.Main(ad.Pc);
        var taken = b.Main(_taken);

        ad.Eval(b, isReal, OpcodeOf(b), imm, pc + 4 + (taken * (SignedImmediate.Of(imm) - 4)));

        // b + d = a + 2^32·k3.
        for (var i = 0; i < 4; i++)
        {
            var carryIn = i == 0 ? Expr.Zero : k[i - 1];
            b.AssertBool($"branch: carry {i} boolean", k[i]);
            b.AssertZero($"branch: byte {i} of b + d = a", isReal * (bb[i] + d[i] + carryIn - a[i] - (256 * k[i])));
        }

        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), d[0], d[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), d[2], d[3], Expr.Zero);

        // eq = [d = 0]: s·eq = 0 and eq = 1 − s·inv.
        var eqOps = Any(b, Opcode.Beq, Opcode.Bne);
        var s = Expr.Sum(d);
        var eq = b.Main(_eq);
        b.AssertZero("branch: eq is 0 when a ≠ b", eqOps * s * eq);
        b.AssertZero("branch: eq is 1 when a = b", eqOps * (1 - eq - (s * b.Main(_inv))));

        // Signs of a and b for the signed compares.
        var signed = Any(b, Opcode.Blt, Opcode.Bge);
        var sa = b.Main(_signA);
        var sb = b.Main(_signB);
        b.Send(Buses.Byte, signed, Expr.Const((int)ByteOp.Lt), a[3], Expr.Const(128), 1 - sa);
        b.Send(Buses.Byte, signed, Expr.Const((int)ByteOp.Lt), bb[3], Expr.Const(128), 1 - sb);
        var lt = k[3] + (signed * (sa - sb));

        var condition = (Sel(b, Opcode.Beq) * eq) + (Sel(b, Opcode.Bne) * (1 - eq))
            + (Any(b, Opcode.Blt, Opcode.Bltu) * lt) + (Any(b, Opcode.Bge, Opcode.Bgeu) * (1 - lt));
        b.AssertZero("branch: taken is the condition", taken - condition);
    }

    protected override void FillFamily(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes)
    {
        uint a = s.A, bv = s.B;
        var d = a - bv;
        _imm.Fill(row, s.Ins.Imm);
        _diff.Fill(row, d);
        bytes.Word(d);

        // b + d = a (+ 2^32): the carries.
        uint carry = 0;
        for (var i = 0; i < 4; i++)
        {
            var sum = ((bv >> (8 * i)) & 0xFF) + ((d >> (8 * i)) & 0xFF) + carry;
            carry = sum >> 8;
            row[_carry[i]] = BabyBear.FromCanonical(carry);
        }

        var byteSum = BabyBear.FromCanonical((d & 0xFF) + ((d >> 8) & 0xFF) + ((d >> 16) & 0xFF) + (d >> 24));
        row[_eq] = a == bv ? BabyBear.One : BabyBear.Zero;
        row[_inv] = a == bv ? BabyBear.Zero : byteSum.Inverse();
        row[_signA] = BabyBear.FromCanonical(a >> 31);
        row[_signB] = BabyBear.FromCanonical(bv >> 31);
        row[_taken] = Taken(s.Ins.Op, a, bv) ? BabyBear.One : BabyBear.Zero;
        if (s.Ins.Op is Opcode.Blt or Opcode.Bge)
        {
            bytes.Add(ByteOp.Lt, a >> 24, 128);
            bytes.Add(ByteOp.Lt, bv >> 24, 128);
        }
    }

    /// <summary>Whether the branch <paramref name="op"/> is taken on operands <paramref name="a"/>, <paramref name="b"/>.</summary>
    internal static bool Taken(Opcode op, uint a, uint b) => op switch
    {
        Opcode.Beq => a == b,
        Opcode.Bne => a != b,
        Opcode.Blt => (int)a < (int)b,
        Opcode.Bge => (int)a >= (int)b,
        Opcode.Bltu => a < b,
        Opcode.Bgeu => a >= b,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a branch"),
    };
}
