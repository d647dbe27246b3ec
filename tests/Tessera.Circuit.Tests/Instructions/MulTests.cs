using Tessera.Circuit.Execution;
using Tessera.Circuit.Instructions;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Circuit.Tests.Harness;
using Tessera.Field;
using Tessera.Vm.Tests;

using static Tessera.Circuit.Tests.Instructions.Forgery;

namespace Tessera.Circuit.Tests.Instructions;

public sealed class MulTests
{
    private static readonly uint[] Values = [0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0x9234_5678, 0x0001_0003];

    private static IEnumerable<uint> EdgeProgram()
    {
        for (var i = 0; i < Values.Length; i++)
        {
            foreach (var w in Load(5 + i, Values[i]))
            {
                yield return w;
            }
        }

        var rd = 12;
        for (var i = 0; i < Values.Length; i++)
        {
            for (var j = 0; j < Values.Length; j++)
            {
                for (var f3 = 0u; f3 < 4; f3++)
                {
                    yield return Asm.Op(1, f3, rd, 5 + i, 5 + j);
                    rd = rd == 31 ? 12 : rd + 1;
                }
            }
        }
    }

    private static CircuitHarness Target(uint a, uint b, uint f3) =>
        CircuitHarness.Run([.. Load(5, a), .. Load(6, b), Asm.Op(1, f3, 7, 5, 6)], new MulAir(), new ShiftAir());

    [Fact]
    public void Every_multiply_proves_and_verifies_on_edge_values()
    {
        var h = CircuitHarness.Run(EdgeProgram(), new MulAir(), new ShiftAir());
        Assert.Contains(h.Trace.Steps, s => s.Ins.Op == Opcode.Mulh && s.A == 0x8000_0000 && s.B == 0x8000_0000 && s.Result == 0x4000_0000);
        Assert.Contains(h.Trace.Steps, s => s.Ins.Op == Opcode.Mulhsu && s.A == 0xFFFF_FFFF && s.B == 0xFFFF_FFFF && s.Result == 0xFFFF_FFFF);
        h.AssertProves();
    }

    [Fact]
    public void A_wrong_mul_low_word_is_caught()
    {
        var h = Target(0x9234_5678, 0xFFFF_FFFF, 0);
        var mul = (MulAir)h.Families[1];
        var row = h.RowOf(mul, Opcode.Mul);
        h.WitnessOf(mul).Main[row, mul.ResultByteColumn(2)] += BabyBear.One;
        h.AssertRejected("mul: product limb 2");
    }

    [Fact]
    public void A_wrong_mulh_high_word_is_caught()
    {
        var h = Target(0x8000_0000, 0x7FFF_FFFF, 1);
        var mul = (MulAir)h.Families[1];
        var row = h.RowOf(mul, Opcode.Mulh);
        h.WitnessOf(mul).Main[row, mul.ResultByteColumn(3)] -= BabyBear.One;
        h.AssertRejected("mul: product limb 7");
    }

    [Fact]
    public void A_signed_multiply_with_its_sign_dropped_is_caught_by_the_sign_lookup()
    {
        // MULH of a negative rs1 filled consistently as MULHU (sa = sb = 0), then labelled MULH.
        var h = Target(0x8000_0000, 0x7FFF_FFFF, 1);
        var mul = (MulAir)h.Families[1];
        var row = h.RowOf(mul, Opcode.Mulh);
        var clk = ClkOf(h, Opcode.Mulh);
        var s = h.Trace.Steps[clk];
        s.Ins = s.Ins with { Op = Opcode.Mulhu };
        s.Result = SegmentTrace.Alu(Opcode.Mulhu, s.A, s.B);
        Assert.NotEqual(SegmentTrace.Alu(Opcode.Mulh, s.A, s.B), s.Result);
        var main = h.WitnessOf(mul).Main;
        main.Row(row).Clear();
        mul.FillRow(main.Row(row), s, clk, new ByteCounts());
        main[row, mul.SelectorOf(Opcode.Mulhu)] = BabyBear.Zero;
        main[row, mul.SelectorOf(Opcode.Mulh)] = BabyBear.One;
        Agree(h, mul, Opcode.Mulh, Result(mul.ResultByteColumn));
        h.AssertRejected("Bus 'byte': tuple (4, 128, 128, 1)");
    }

    [Fact]
    public void A_sign_claimed_for_an_unsigned_operand_is_caught()
    {
        // MULHSU treats rs2 as unsigned: a forged rs2 sign bit turns it into MULH.
        var h = Target(0xFFFF_FFFF, 0xFFFF_FFFF, 2);
        var mul = (MulAir)h.Families[1];
        var row = h.RowOf(mul, Opcode.Mulhsu);
        var clk = ClkOf(h, Opcode.Mulhsu);
        var s = h.Trace.Steps[clk];
        s.Ins = s.Ins with { Op = Opcode.Mulh };
        s.Result = SegmentTrace.Alu(Opcode.Mulh, s.A, s.B);
        var main = h.WitnessOf(mul).Main;
        main.Row(row).Clear();
        mul.FillRow(main.Row(row), s, clk, new ByteCounts());
        main[row, mul.SelectorOf(Opcode.Mulh)] = BabyBear.Zero;
        main[row, mul.SelectorOf(Opcode.Mulhsu)] = BabyBear.One;
        Agree(h, mul, Opcode.Mulhsu, Result(mul.ResultByteColumn));
        h.AssertRejected("mul: rs2 sign only when signed");
    }
}
