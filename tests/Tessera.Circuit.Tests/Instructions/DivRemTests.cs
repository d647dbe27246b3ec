using Tessera.Circuit.Instructions;
using Tessera.Circuit.Program;
using Tessera.Circuit.Tests.Harness;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Vm.Tests;

using static Tessera.Circuit.Tests.Instructions.Forgery;

namespace Tessera.Circuit.Tests.Instructions;

public sealed class DivRemTests
{
    private static readonly uint[] Values = [0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0x9234_5678, 7, 0xFFFF_FFF9];

    private static IEnumerable<uint> EdgeProgram()
    {
        for (var i = 0; i < Values.Length; i++)
        {
            foreach (var w in Load(5 + i, Values[i]))
            {
                yield return w;
            }
        }

        var rd = 13;
        for (var i = 0; i < Values.Length; i++)
        {
            for (var j = 0; j < Values.Length; j++)
            {
                for (var f3 = 4u; f3 < 8; f3++)
                {
                    yield return Asm.Op(1, f3, rd, 5 + i, 5 + j);
                    rd = rd == 31 ? 13 : rd + 1;
                }
            }
        }
    }

    private static CircuitHarness Target(uint a, uint b, uint f3) =>
        CircuitHarness.Run([.. Load(5, a), .. Load(6, b), Asm.Op(1, f3, 7, 5, 6)], new DivRemAir(), new ShiftAir());

    private static (CircuitHarness H, DivRemAir D, Trace Main, int Row) Setup(uint a, uint b, Opcode op)
    {
        var h = Target(a, b, (uint)(op - Opcode.Div) + 4);
        var d = (DivRemAir)h.Families[1];
        return (h, d, h.WitnessOf(d).Main, h.RowOf(d, op));
    }

    private static void SetWord(Trace main, int row, Func<int, int> column, uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            main[row, column(i)] = BabyBear.FromCanonical((value >> (8 * i)) & 0xFF);
        }
    }

    [Fact]
    public void Every_division_proves_and_verifies_on_edge_values_including_zero_and_overflow()
    {
        var h = CircuitHarness.Run(EdgeProgram(), new DivRemAir(), new ShiftAir());
        var steps = h.Trace.Steps;
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Div && s.A == 0x8000_0000 && s.B == uint.MaxValue && s.Result == 0x8000_0000);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Rem && s.A == 0x8000_0000 && s.B == uint.MaxValue && s.Result == 0);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Divu && s.A == 7 && s.B == 0 && s.Result == uint.MaxValue);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Rem && s.A == 0xFFFF_FFF9 && s.B == 0 && s.Result == 0xFFFF_FFF9);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Rem && s.A == 0xFFFF_FFF9 && s.B == 0x7FFF_FFFF && s.Result == 0xFFFF_FFF9);
        h.AssertProves();
    }

    [Fact]
    public void A_wrong_quotient_is_caught()
    {
        var (h, d, main, row) = Setup(0x9234_5678, 7, Opcode.Divu);
        main[row, d.ResultByteColumn(0)] += BabyBear.One;
        h.AssertRejected("divrem: result byte 0");
    }

    [Fact]
    public void A_remainder_not_below_the_divisor_is_caught_by_the_bound_chain()
    {
        // 7 = 2·2 + 3: the identity holds, the remainder 3 is not below 2. gap = 2 - 3 - 1 wraps.
        var (h, d, main, row) = Setup(7, 2, Opcode.Remu);
        SetWord(main, row, d.QuotientByteColumn, 2);
        SetWord(main, row, d.RemainderByteColumn, 3);
        SetWord(main, row, d.ResultByteColumn, 3);
        SetWord(main, row, d.AbsRemainderByteColumn, 3);
        SetWord(main, row, d.GapByteColumn, 0xFFFF_FFFE);
        for (var j = 0; j < 3; j++)
        {
            main[row, d.GapCarryColumn(j)] = BabyBear.One;
        }

        Agree(h, d, Opcode.Remu, Result(d.ResultByteColumn));
        h.AssertRejected("divrem: remainder below divisor, byte 3");
    }

    [Fact]
    public void A_remainder_not_below_the_divisor_is_caught_by_the_gap_range_check()
    {
        // As above, with the gap −2 as a field element so the chain closes without carries.
        var (h, d, main, row) = Setup(7, 2, Opcode.Divu);
        SetWord(main, row, d.QuotientByteColumn, 2);
        SetWord(main, row, d.RemainderByteColumn, 3);
        SetWord(main, row, d.ResultByteColumn, 2);
        SetWord(main, row, d.AbsRemainderByteColumn, 3);
        SetWord(main, row, d.GapByteColumn, 0);
        main[row, d.GapByteColumn(0)] = Neg(2);
        Agree(h, d, Opcode.Divu, Result(d.ResultByteColumn));
        h.AssertRejected("Bus 'byte'");
    }

    [Fact]
    public void A_remainder_with_the_wrong_sign_is_caught()
    {
        // −7 = 2·(−4) + 1: |1| < |2| but the remainder must take the dividend's sign (−7 rem 2 = −1).
        var (h, d, main, row) = Setup(0xFFFF_FFF9, 2, Opcode.Rem);
        SetWord(main, row, d.QuotientByteColumn, 0xFFFF_FFFC);
        SetWord(main, row, d.RemainderByteColumn, 1);
        SetWord(main, row, d.ResultByteColumn, 1);
        Agree(h, d, Opcode.Rem, Result(d.ResultByteColumn));
        h.AssertRejected("remainder: magnitude byte 0");
    }

    [Fact]
    public void A_forged_division_by_zero_quotient_is_caught()
    {
        // DIVU 7 / 0 claims 0 with remainder 7: the identity holds, the all-ones rule does not.
        var (h, d, main, row) = Setup(7, 0, Opcode.Divu);
        Assert.Equal(BabyBear.One, main[row, d.ZeroColumn]);
        SetWord(main, row, d.QuotientByteColumn, 0);
        SetWord(main, row, d.ResultByteColumn, 0);
        Agree(h, d, Opcode.Divu, Result(d.ResultByteColumn));
        h.AssertRejected("divrem: division by zero gives all ones, byte 0");
    }

    [Fact]
    public void A_division_by_zero_that_denies_the_zero_flag_is_caught()
    {
        // Clearing the flag to escape the all-ones rule leaves Σb·inv = 1 unsatisfiable.
        var (h, d, main, row) = Setup(7, 0, Opcode.Div);
        main[row, d.ZeroColumn] = BabyBear.Zero;
        main[row, d.InverseColumn] = BabyBear.One;
        SetWord(main, row, d.QuotientByteColumn, 0);
        SetWord(main, row, d.ResultByteColumn, 0);
        Agree(h, d, Opcode.Div, Result(d.ResultByteColumn));
        h.AssertRejected("divrem: a nonzero divisor has an inverse");
    }

    [Fact]
    public void A_forged_remainder_by_zero_is_caught()
    {
        // REMU 7 % 0 must be 7; claiming 0 breaks b·q + r = a.
        var (h, d, main, row) = Setup(7, 0, Opcode.Remu);
        SetWord(main, row, d.RemainderByteColumn, 0);
        SetWord(main, row, d.ResultByteColumn, 0);
        SetWord(main, row, d.AbsRemainderByteColumn, 0);
        Agree(h, d, Opcode.Remu, Result(d.ResultByteColumn));
        h.AssertRejected("divrem: product limb 0");
    }

    [Fact]
    public void A_zero_flag_claimed_for_a_nonzero_divisor_is_caught()
    {
        // With the flag set the bound is off: 7 = 1·1 + 6 would pass it. The flag needs Σb = 0.
        var (h, d, main, row) = Setup(7, 1, Opcode.Remu);
        main[row, d.ZeroColumn] = BabyBear.One;
        main[row, d.InverseColumn] = BabyBear.Zero;
        SetWord(main, row, d.GapByteColumn, 0);
        h.AssertRejected("divrem: zero flag only for a zero divisor");
    }

    [Fact]
    public void An_overflow_quotient_read_as_negative_is_caught()
    {
        // DIV 0x80000000 / −1 = 0x80000000 only as +2^31 (sq = 0); sq = 1 makes b·q = 2^31·(−1)·(−1)… ≠ a.
        var (h, d, main, row) = Setup(0x8000_0000, 0xFFFF_FFFF, Opcode.Div);
        Assert.Equal(0x80u, main[row, d.ResultByteColumn(3)].ToCanonical());
        main[row, d.QuotientSignColumn] = BabyBear.One;
        h.AssertRejected("divrem: product limb 4");
    }
}
