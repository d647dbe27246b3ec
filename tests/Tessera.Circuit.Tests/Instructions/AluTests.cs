using Tessera.Circuit.Instructions;
using Tessera.Circuit.Program;
using Tessera.Circuit.Tests.Harness;
using Tessera.Field;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Instructions;

public sealed class AluTests
{
    // x5 = 0x80000000-ish values via shifts are another table's; build operands with ADDI and ADD only.
    private static IEnumerable<uint> Program()
    {
        yield return Asm.Addi(5, 0, -1);           // x5 = 0xFFFFFFFF
        yield return Asm.Addi(6, 0, 2047);         // x6 = 2047
        yield return Asm.Op(0, 0, 7, 5, 6);        // add  x7 = x5 + x6 (wraps)
        yield return Asm.Op(0x20, 0, 8, 6, 5);     // sub  x8 = x6 - x5
        yield return Asm.Op(0, 4, 9, 5, 6);        // xor
        yield return Asm.Op(0, 6, 10, 5, 6);       // or
        yield return Asm.Op(0, 7, 11, 5, 6);       // and
        yield return Asm.Op(0, 2, 12, 5, 6);       // slt  (-1 < 2047) = 1
        yield return Asm.Op(0, 3, 13, 5, 6);       // sltu (0xFFFFFFFF < 2047) = 0
        yield return Asm.Op(0, 2, 14, 6, 5);       // slt  (2047 < -1) = 0
        yield return Asm.Op(0, 3, 15, 6, 5);       // sltu = 1
        yield return Asm.OpImm(4, 16, 5, -2048);   // xori
        yield return Asm.OpImm(6, 17, 6, 1);       // ori
        yield return Asm.OpImm(7, 18, 5, 0x55);    // andi
        yield return Asm.OpImm(2, 19, 6, -5);      // slti
        yield return Asm.OpImm(3, 20, 6, -5);      // sltiu (2047 < 0xFFFFFFFB) = 1
        yield return Asm.Op(0, 0, 0, 5, 6);        // add x0: written nowhere
        yield return Asm.Op(0, 0, 21, 0, 7);       // x21 = x0 + x7: x0 still reads 0
        yield return Asm.Op(0, 0, 5, 5, 5);        // rd = rs1 = rs2
    }

    [Fact]
    public void Every_alu_operation_proves_and_verifies()
    {
        var h = CircuitHarness.Run(Program());
        Assert.Equal(2047u - 1, h.Trace.Steps[2].Result);
        h.AssertProves();
    }

    [Fact]
    public void A_wrong_add_result_is_caught()
    {
        var h = CircuitHarness.Run(Program());
        var alu = h.Families[0];
        var row = h.RowOf(alu, Opcode.Add);
        var w = h.WitnessOf(alu).Main;
        var c0 = ((AluAir)alu).ResultByteColumn(0);
        w[row, c0] += BabyBear.One;
        h.AssertRejected("alu: byte 0 of the sum");
    }

    [Fact]
    public void A_wrong_register_operand_is_caught()
    {
        var h = CircuitHarness.Run(Program());
        var alu = (AluAir)h.Families[0];
        var row = h.RowOf(alu, Opcode.Sub);
        var w = h.WitnessOf(alu).Main;
        w[row, alu.OperandByteColumn(0)] += BabyBear.One; // claims rs1 held another value
        h.AssertRejected("");
    }

    [Fact]
    public void A_wrong_compare_result_is_caught()
    {
        var h = CircuitHarness.Run(Program());
        var alu = (AluAir)h.Families[0];
        var row = h.RowOf(alu, Opcode.Slt);
        var w = h.WitnessOf(alu).Main;
        w[row, alu.ResultByteColumn(0)] = BabyBear.Zero;
        h.AssertRejected("alu: slt result");
    }

    [Fact]
    public void A_write_to_x0_that_sticks_is_caught()
    {
        var h = CircuitHarness.Run(Program());
        var alu = (AluAir)h.Families[0];
        var nth = h.Trace.Steps.Count(s => s.Ins.Op == Opcode.Add && s.Ins.Rd != 0 && s.Pc < h.Trace.Steps.First(t => t.Ins.Rd == 0 && t.Ins.Op == Opcode.Add).Pc);
        var row = h.RowOf(alu, Opcode.Add, nth);
        var w = h.WitnessOf(alu).Main;
        w[row, alu.WritesColumn] = BabyBear.One; // the write the program table says does not happen
        h.AssertRejected("rd: ");
    }

    [Fact]
    public void A_wrong_bitwise_result_is_caught()
    {
        var h = CircuitHarness.Run(Program());
        var alu = (AluAir)h.Families[0];
        var row = h.RowOf(alu, Opcode.Xor);
        var w = h.WitnessOf(alu).Main;
        w[row, alu.ResultByteColumn(1)] += BabyBear.One;
        h.AssertRejected("Bus ");
    }
}
