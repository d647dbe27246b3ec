using Tessera.Circuit.Execution;
using Tessera.Circuit.Instructions;
using Tessera.Circuit.Program;

using static Tessera.Circuit.Tests.Instructions.FamilyRows;

namespace Tessera.Circuit.Tests.Instructions;

/// <summary>The shift, multiply and divide tables' rows against <see cref="SegmentTrace.Alu"/> on edge values, without proving.</summary>
public sealed class FamilyFillTests
{
    private static readonly uint[] Amounts = [0, 1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31];

    private static readonly Opcode[] ShiftRegs = [Opcode.Sll, Opcode.Srl, Opcode.Sra];
    private static readonly Opcode[] ShiftImms = [Opcode.Slli, Opcode.Srli, Opcode.Srai];
    private static readonly Opcode[] Muls = [Opcode.Mul, Opcode.Mulh, Opcode.Mulhsu, Opcode.Mulhu];
    private static readonly Opcode[] Divs = [Opcode.Div, Opcode.Divu, Opcode.Rem, Opcode.Remu];

    private static IEnumerable<uint> Randoms(int seed, int n)
    {
        var rng = new Random(seed);
        for (var i = 0; i < n; i++)
        {
            yield return (uint)rng.NextInt64(0, 1L << 32);
        }
    }

    [Fact]
    public void Family_tables_stay_within_degree_three()
    {
        foreach (InstructionAir air in new InstructionAir[] { new ShiftAir(), new MulAir(), new DivRemAir() })
        {
            var table = Compile(air);
            Assert.True(table.MaxDegree <= 3, $"{air.Name}: degree {table.MaxDegree}");
            Assert.True(table.LogQuotientFactor <= 1, $"{air.Name}: needs log_blowup {table.LogQuotientFactor}");
        }
    }

    [Fact]
    public void Family_widths_are_pinned()
    {
        // The adapter: pc, clk, rs1, rs2, rd, writes, journal index (7); A and B with their reads (9
        // each); C with its write (13). Then the selectors and the family's own columns.
        const int adapter = 7 + 9 + 9 + 13;
        Assert.Equal(adapter + 6 + 20, new ShiftAir().Width);
        Assert.Equal(adapter + 4 + 22, new MulAir().Width);
        Assert.Equal(adapter + 4 + 52, new DivRemAir().Width);
    }

    [Fact]
    public void Shift_rows_hold_for_every_amount_and_edge_operand()
    {
        var steps = new List<Step>();
        foreach (var a in Edges.Concat(Randoms(1, 8)))
        {
            foreach (var amt in Amounts)
            {
                foreach (var op in ShiftRegs)
                {
                    steps.Add(Step(op, a, amt));

                    // rs2's bits above the low five are ignored.
                    steps.Add(Step(op, a, amt | 0xFFFF_FFE0));
                    steps.Add(Step(op, a, amt | 0x20));
                    steps.Add(Step(op, a, amt | 0x8765_4300));
                }

                foreach (var op in ShiftImms)
                {
                    steps.Add(Step(op, a, amt, immediate: true));
                }
            }
        }

        AssertRowsHold(new ShiftAir(), steps);
    }

    [Fact]
    public void Mul_rows_hold_on_edge_and_random_operands()
    {
        var values = Edges.Concat(Randoms(2, 12)).ToArray();
        var steps = new List<Step>();
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                steps.AddRange(Muls.Select(op => Step(op, a, b)));
            }
        }

        AssertRowsHold(new MulAir(), steps);
    }

    [Fact]
    public void Divrem_rows_hold_on_edge_and_random_operands_including_zero_and_overflow()
    {
        var values = Edges.Concat(Randoms(3, 12)).ToArray();
        var steps = new List<Step>();
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                steps.AddRange(Divs.Select(op => Step(op, a, b)));
            }
        }

        steps.AddRange(Divs.Select(op => Step(op, 0x8000_0000, 0xFFFF_FFFF)));
        AssertRowsHold(new DivRemAir(), steps);
    }

    [Fact]
    public void Rows_with_rd_zero_hold()
    {
        AssertRowsHold(new ShiftAir(), [Step(Opcode.Sra, 0x8000_0000, 3, rd: 0), Step(Opcode.Slli, 5, 3, immediate: true, rd: 0)]);
        AssertRowsHold(new MulAir(), [Step(Opcode.Mulh, 0x8000_0000, 0xFFFF_FFFF, rd: 0)]);
        AssertRowsHold(new DivRemAir(), [Step(Opcode.Rem, 0x8000_0000, 0, rd: 0)]);
    }

    [Theory]
    [InlineData((int)Opcode.Sll, 0x8765_4321u, 9u)]
    [InlineData((int)Opcode.Srl, 0x8765_4321u, 31u)]
    [InlineData((int)Opcode.Sra, 0x8765_4321u, 12u)]
    [InlineData((int)Opcode.Sra, 0x8000_0000u, 0u)]
    [InlineData((int)Opcode.Mul, 0xFFFF_FFFFu, 0xFFFF_FFFFu)]
    [InlineData((int)Opcode.Mulh, 0x8000_0000u, 0x8000_0000u)]
    [InlineData((int)Opcode.Mulhsu, 0xFFFF_FFFFu, 0xFFFF_FFFFu)]
    [InlineData((int)Opcode.Mulhu, 0xFFFF_FFFFu, 0xFFFF_FFFFu)]
    [InlineData((int)Opcode.Div, 0x8000_0000u, 0xFFFF_FFFFu)]
    [InlineData((int)Opcode.Divu, 7u, 0u)]
    [InlineData((int)Opcode.Rem, 0xFFFF_FFF9u, 2u)]
    [InlineData((int)Opcode.Remu, 7u, 0u)]
    public void A_wrong_result_breaks_a_constraint(int opcode, uint a, uint b)
    {
        var op = (Opcode)opcode;
        InstructionAir air = op switch
        {
            Opcode.Sll or Opcode.Srl or Opcode.Sra => new ShiftAir(),
            Opcode.Mul or Opcode.Mulh or Opcode.Mulhsu or Opcode.Mulhu => new MulAir(),
            _ => new DivRemAir(),
        };
        foreach (var delta in new uint[] { 1, 0x100, 0x8000_0000 })
        {
            var s = Step(op, a, b);
            s.Result ^= delta;
            var table = Compile(air);
            var (t, _) = Fill(air, [s]);
            Assert.NotNull(FirstFailure(table, t));
        }
    }
}
