using Tessera.Circuit.Execution;
using Tessera.Circuit.Instructions;
using Tessera.Circuit.Program;
using Tessera.Circuit.Tests.Harness;
using Tessera.Field;
using Tessera.Vm.Tests;

using static Tessera.Circuit.Tests.Instructions.Forgery;

namespace Tessera.Circuit.Tests.Instructions;

public sealed class ShiftTests
{
    private static readonly uint[] Values = [0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0x9234_5678];
    private static readonly uint[] Amounts = [0, 1, 7, 8, 31, 0x23, 0xFFFF_FFE5];

    // (f3, f7) of SLL, SRL, SRA; the immediate forms share them.
    private static readonly (uint F3, uint F7)[] Forms = [(1, 0), (5, 0), (5, 0x20)];

    private static IEnumerable<uint> EdgeProgram()
    {
        for (var i = 0; i < Values.Length; i++)
        {
            foreach (var w in Load(5 + i, Values[i]))
            {
                yield return w;
            }
        }

        for (var i = 0; i < Amounts.Length; i++)
        {
            foreach (var w in Load(12 + i, Amounts[i]))
            {
                yield return w;
            }
        }

        var rd = 19;
        for (var i = 0; i < Values.Length; i++)
        {
            foreach (var (f3, f7) in Forms)
            {
                for (var j = 0; j < Amounts.Length; j++)
                {
                    yield return Asm.Op(f7, f3, rd, 5 + i, 12 + j);
                    rd = rd == 31 ? 19 : rd + 1;
                }

                foreach (var amt in new[] { 0, 1, 7, 8, 31 })
                {
                    yield return Asm.Shift(f3, f7, rd, 5 + i, amt);
                    rd = rd == 31 ? 19 : rd + 1;
                }
            }
        }
    }

    private static CircuitHarness Target(uint a, uint b, uint f3, uint f7) =>
        CircuitHarness.Run([.. Load(5, a), .. Load(6, b), Asm.Op(f7, f3, 7, 5, 6)], new ShiftAir());

    [Fact]
    public void Every_shift_proves_and_verifies_on_edge_values()
    {
        var h = CircuitHarness.Run(EdgeProgram(), new ShiftAir());
        foreach (var s in h.Trace.Steps.Where(s => s.Ins.Op is >= Opcode.Slli and <= Opcode.Srai or Opcode.Sll or Opcode.Srl or Opcode.Sra))
        {
            Assert.Equal(SegmentTrace.Alu(s.Ins.Op, s.A, s.Ins.Op is Opcode.Sll or Opcode.Srl or Opcode.Sra ? s.B : s.Ins.Imm), s.Result);
        }

        Assert.Contains(h.Trace.Steps, s => s.Ins.Op == Opcode.Sra && s.A == 0x8000_0000 && (s.B & 31) == 31 && s.Result == uint.MaxValue);
        h.AssertProves();
    }

    [Fact]
    public void The_forgery_recount_reproduces_an_honest_byte_table()
    {
        var h = Target(0x8000_0001, 3, 5, 0x20);
        var honest = h.Witnesses[^1].Main.Values.ToArray();
        Recount(h);
        Assert.Equal(honest, h.Witnesses[^1].Main.Values);
    }

    [Fact]
    public void A_wrong_sll_result_byte_is_caught()
    {
        var h = Target(0x1234_5678, 9, 1, 0);
        var shift = (ShiftAir)h.Families[1];
        var row = h.RowOf(shift, Opcode.Sll);
        h.WitnessOf(shift).Main[row, shift.ResultByteColumn(1)] += BabyBear.One;
        h.AssertRejected("shift: result byte 1");
    }

    [Fact]
    public void A_shift_by_rs2s_full_value_instead_of_its_low_five_bits_is_caught()
    {
        // rs2 = 33: the amount is 1. Claim the row shifted by 33 - 32 = 1 but through an amount-high of 0.
        var h = Target(0x1234_5678, 33, 1, 0);
        var shift = (ShiftAir)h.Families[1];
        var row = h.RowOf(shift, Opcode.Sll);
        var s = h.Trace.Steps[ClkOf(h, Opcode.Sll)];
        s.B = 2; // the row's arithmetic for amount 2, with rs2 still read as 33
        s.Result = 0x1234_5678u << 2;
        Refill(h, shift, Opcode.Sll, s);
        var b = h.WitnessOf(shift).Main;
        b[row, ShiftOperandColumn(shift, 0)] = BabyBear.FromCanonical(33);
        Agree(h, shift, Opcode.Sll, Result(shift.ResultByteColumn));
        h.AssertRejected("shift: amount is b's low five bits");
    }

    [Fact]
    public void An_sra_forged_as_a_logical_shift_is_caught_by_the_sign_lookup()
    {
        var h = Target(0x8765_4321, 12, 5, 0x20);
        var shift = (ShiftAir)h.Families[1];
        var row = h.RowOf(shift, Opcode.Sra);
        var s = h.Trace.Steps[ClkOf(h, Opcode.Sra)];
        s.Ins = s.Ins with { Op = Opcode.Srl };
        s.Result = 0x8765_4321u >> 12;
        var main = h.WitnessOf(shift).Main;
        main.Row(row).Clear();
        shift.FillRow(main.Row(row), s, ClkOf(h, Opcode.Sra), new Lookups.ByteCounts());
        main[row, shift.SelectorOf(Opcode.Srl)] = BabyBear.Zero;
        main[row, shift.SelectorOf(Opcode.Sra)] = BabyBear.One;
        Assert.Equal(BabyBear.Zero, main[row, shift.SignColumn]);
        Agree(h, shift, Opcode.Sra, Result(shift.ResultByteColumn));
        h.AssertRejected("Bus 'byte': tuple (4, 135, 128, 1)");
    }

    [Fact]
    public void A_limb_split_outside_a_byte_is_caught_by_the_range_lookup()
    {
        // a·2^s = lo + 256·hi with lo pushed up by 256 and hi down by 1; the result bytes follow.
        var h = Target(0x0000_00FF, 4, 1, 0);
        var shift = (ShiftAir)h.Families[1];
        var row = h.RowOf(shift, Opcode.Sll);
        var main = h.WitnessOf(shift).Main;
        Assert.Equal(15u, main[row, shift.HighColumn(0)].ToCanonical());
        main[row, shift.LowColumn(0)] += BabyBear.FromCanonical(256);
        main[row, shift.HighColumn(0)] -= BabyBear.One;
        main[row, shift.ResultByteColumn(0)] += BabyBear.FromCanonical(256);
        main[row, shift.ResultByteColumn(1)] -= BabyBear.One;
        Agree(h, shift, Opcode.Sll, Result(shift.ResultByteColumn));
        h.AssertRejected("Bus 'byte'");
    }

    private static int ShiftOperandColumn(ShiftAir shift, int i) => shift.OperandBByteColumn(i);
}
