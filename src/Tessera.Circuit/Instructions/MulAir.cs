using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// MUL, MULH, MULHSU, MULHU. The 64-bit product of A and B, each sign-extended by its sign bit
/// (signed operands: from the byte table's Lt(top byte, 128); unsigned operands: forced 0), is
/// proven limb by limb by <see cref="WideProduct"/>: sign extension makes the product mod 2^64 the
/// two's-complement signed (or mixed) product. MUL writes its low word, the others its high word;
/// the word not written sits in <c>other</c>, range-checked here, while the adapter range-checks
/// the written one.
/// </summary>
internal sealed class MulAir : InstructionAir
{
    private WordColumns _other;
    private WideProduct _product = null!;
    private int _signA, _signB;

    public MulAir()
        : base("mul", [Opcode.Mul, Opcode.Mulh, Opcode.Mulhsu, Opcode.Mulhu], readsRs1: true, readsRs2: true, writesRd: true)
    {
    }


    /// <summary>The selector column of <paramref name="op"/>.</summary>
    internal int SelectorOf(Opcode op) => SelectorColumn(op);

    /// <summary>rs1's sign bit.</summary>
    internal int SignAColumn => _signA;

    /// <summary>rs2's sign bit.</summary>
    internal int SignBColumn => _signB;

    protected override void Layout(ColumnAllocator columns)
    {
        _other = columns.Word();
        _product = new WideProduct("mul", columns);
        _signA = columns.Next();
        _signB = columns.Next();
    }

    protected override void EvalFamily(AirBuilder b)
    {
        var ad = Adapter;
        var a = ad.A.Read(b);
        var bb = ad.B.Read(b);
        var c = ad.C.Read(b);
        var x = _other.Read(b);
        var isReal = IsReal(b);
        var low = Sel(b, Opcode.Mul);
        var high = Any(b, Opcode.Mulh, Opcode.Mulhsu, Opcode.Mulhu);
        var signedA = Any(b, Opcode.Mulh, Opcode.Mulhsu);
        var signedB = Sel(b, Opcode.Mulh);

        ad.Eval(b, isReal, OpcodeOf(b), [Expr.Zero, Expr.Zero, Expr.Zero, Expr.Zero], b.Main(ad.Pc) + 4);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), x[0], x[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), x[2], x[3], Expr.Zero);

        var sa = b.Main(_signA);
        var sb = b.Main(_signB);
        b.Send(Buses.Byte, signedA, Expr.Const((int)ByteOp.Lt), a[3], Expr.Const(128), 1 - sa);
        b.Send(Buses.Byte, signedB, Expr.Const((int)ByteOp.Lt), bb[3], Expr.Const(128), 1 - sb);
        b.AssertZero("mul: rs1 sign only when signed", sa * (1 - signedA));
        b.AssertZero("mul: rs2 sign only when signed", sb * (1 - signedB));

        Expr[] product =
        [
            .. Enumerable.Range(0, 4).Select(j => (low * c[j]) + (high * x[j])),
            .. Enumerable.Range(0, 4).Select(j => (low * x[j]) + (high * c[j])),
        ];
        _product.Eval(b, isReal, a, sa, bb, sb, null, product);
    }

    protected override void FillFamily(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes)
    {
        var op = s.Ins.Op;
        Adapter.C.Fill(row, s.Result);
        var sa = op is Opcode.Mulh or Opcode.Mulhsu && (s.A >> 31) != 0;
        var sb = op is Opcode.Mulh && (s.B >> 31) != 0;
        row[_signA] = sa ? BabyBear.One : BabyBear.Zero;
        row[_signB] = sb ? BabyBear.One : BabyBear.Zero;
        if (op is Opcode.Mulh or Opcode.Mulhsu)
        {
            bytes.Add(ByteOp.Lt, s.A >> 24, 128);
        }

        if (op is Opcode.Mulh)
        {
            bytes.Add(ByteOp.Lt, s.B >> 24, 128);
        }

        var p = _product.Fill(row, s.A, sa, s.B, sb, 0, bytes);
        var other = op is Opcode.Mul ? (uint)(p >> 32) : (uint)p;
        _other.Fill(row, other);
        bytes.Word(other);
    }
}
