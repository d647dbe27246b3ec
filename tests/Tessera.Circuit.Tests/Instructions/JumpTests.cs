using Tessera.Circuit.Instructions;
using Tessera.Circuit.Program;
using Tessera.Circuit.Tests.Harness;
using Tessera.Field;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Instructions;

public sealed class JumpTests
{
    private static IEnumerable<uint> Program()
    {
        yield return Asm.Lui(5, 0x12345);          // 0  x5 = 0x12345000
        yield return Asm.Lui(6, 0xFFFFF);          // 4  x6 = 0xFFFFF000
        yield return Asm.Auipc(7, 0);              // 8  x7 = pc
        yield return Asm.Auipc(8, 0xFFFFF);        // 12 x8 = pc − 4096 (the 32-bit sum wraps)
        yield return Asm.Auipc(9, 0x80000);        // 16 x9 = pc + 2^31 (above p)
        yield return Asm.Jal(1, 8);                // 20 x1 = 24, forward
        yield return Asm.Addi(20, 0, 1);           // 24 skipped
        yield return Asm.Jal(0, 12);               // 28 no link, forward to 40
        yield return Asm.Jal(2, 12);               // 32 backward target: x2 = 36, to 44
        yield return Asm.Addi(20, 0, 1);           // 36 skipped
        yield return Asm.Jal(3, -8);               // 40 backward to 32, x3 = 44
        yield return 0x0FF0_000Fu;                 // 44 fence iorw, iorw
        yield return Asm.Auipc(10, 0);             // 48 x10 = pc
        yield return Asm.Addi(10, 10, 21);         // 52 x10 = pc + 21 (odd)
        yield return Asm.Jalr(11, 10, 0);          // 56 to (pc48 + 21) & ~1 = 68, x11 = 60
        yield return Asm.Addi(20, 0, 1);           // 60 skipped
        yield return Asm.Addi(20, 0, 1);           // 64 skipped
        yield return Asm.Jalr(10, 10, 4);          // 68 rd = rs1: to (pc48 + 25) & ~1 = 72, x10 = 72
        yield return Asm.Jalr(0, 1, 56);           // 72 to x1 + 56 = 80, no link
        yield return Asm.Addi(20, 0, 1);           // 76 skipped
        yield return Asm.Addi(12, 0, 7);           // 80
    }

    private static (CircuitHarness H, JumpAir Jump) Run()
    {
        var jump = new JumpAir();
        return (CircuitHarness.Run(Program(), jump), jump);
    }

    [Fact]
    public void Jal_jalr_lui_auipc_and_fence_prove_and_verify()
    {
        var (h, _) = Run();
        var steps = h.Trace.Steps;
        var base0 = steps[0].Pc;
        Assert.DoesNotContain(steps, s => s.Ins.Rd == 20);
        Assert.Equal(0x12345000u, steps[0].Result);
        Assert.Equal(base0 + 12 - 4096, steps[3].Result);
        Assert.Equal(base0 + 16 + 0x8000_0000u, steps[4].Result);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Jalr && s.NextPc == base0 + 68 && s.Result == base0 + 60);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Jal && s.NextPc == base0 + 32);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Fence);
        h.AssertProves();
    }

    [Fact]
    public void A_wrong_link_value_is_caught()
    {
        var (h, jump) = Run();
        var row = h.RowOf(jump, Opcode.Jal);
        h.WitnessOf(jump).Main[row, jump.ResultByteColumn(0)] += BabyBear.FromCanonical(4);
        h.AssertRejected("jump: byte 0 of pc + (4 | imm)");
    }

    [Fact]
    public void A_link_from_a_forged_pc_is_caught()
    {
        var (h, jump) = Run();
        var row = h.RowOf(jump, Opcode.Jalr);
        var w = h.WitnessOf(jump).Main;
        w[row, jump.PcByteColumn(0)] += BabyBear.FromCanonical(4);
        w[row, jump.ResultByteColumn(0)] += BabyBear.FromCanonical(4);
        h.AssertRejected("jump: pc bytes");
    }

    [Fact]
    public void A_jalr_that_keeps_bit_0_is_caught()
    {
        var (h, jump) = Run();
        var row = h.RowOf(jump, Opcode.Jalr);
        var w = h.WitnessOf(jump).Main;
        w[row, jump.BitColumn] = BabyBear.Zero; // claims (rs1 + imm) is even: the target moves by one
        h.AssertRejected("jump: byte 0 of rs1 + imm");
    }

    [Fact]
    public void A_wrong_jalr_target_is_caught()
    {
        var (h, jump) = Run();
        var row = h.RowOf(jump, Opcode.Jalr, 1);
        h.WitnessOf(jump).Main[row, jump.TargetByteColumn(1)] += BabyBear.One;
        h.AssertRejected("jump: byte 1 of rs1 + imm");
    }

    [Fact]
    public void A_wrong_lui_or_auipc_result_is_caught()
    {
        var (h, jump) = Run();
        h.WitnessOf(jump).Main[h.RowOf(jump, Opcode.Lui), jump.ResultByteColumn(3)] += BabyBear.One;
        h.AssertRejected("jump: lui byte 3");

        (h, jump) = Run();
        h.WitnessOf(jump).Main[h.RowOf(jump, Opcode.Auipc, 2), jump.ResultByteColumn(3)] -= BabyBear.FromCanonical(0x80);
        h.AssertRejected("jump: byte 3 of pc + (4 | imm)");
    }
}
