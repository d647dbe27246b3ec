using Tessera.Circuit.Instructions;
using Tessera.Circuit.Program;
using Tessera.Circuit.Tests.Harness;
using Tessera.Field;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Instructions;

public sealed class BranchTests
{
    private const uint Beq = 0, Bne = 1, Blt = 4, Bge = 5, Bltu = 6, Bgeu = 7;
    private const int Skip = 1; // x1 counts skipped instructions that ran: it must stay 0

    // Each taken branch jumps over an instruction that would set x1.
    private static IEnumerable<uint> Program()
    {
        yield return Asm.Addi(5, 0, -1);                  // x5 = 0xFFFFFFFF
        yield return Asm.Addi(6, 0, 2047);                // x6 = 2047
        yield return Asm.Addi(7, 0, 2047);                // x7 = 2047
        yield return Asm.Addi(9, 0, -5);                  // x9 = -5
        foreach (var (f3, rs1, rs2, taken) in Cases())
        {
            yield return Asm.Branch(f3, rs1, rs2, 8);
            yield return Asm.Addi(Skip, Skip, taken ? 1 : 0); // skipped when taken
        }

        // A backward loop: x8 = 3; do x8 -= 1 while x8 != 0.
        yield return Asm.Addi(8, 0, 3);
        yield return Asm.Addi(8, 8, -1);
        yield return Asm.Branch(Bne, 8, 0, -4);
        yield return Asm.Branch(Beq, 8, 0, 8);            // forward past a backward jump
        yield return Asm.Jal(0, -100);                    // never runs
        yield return Asm.Addi(10, 0, 1);
    }

    private static IEnumerable<(uint F3, int Rs1, int Rs2, bool Taken)> Cases() =>
    [
        (Beq, 6, 7, true), (Beq, 5, 6, false), (Bne, 5, 6, true), (Bne, 6, 7, false),
        (Blt, 5, 6, true), (Blt, 6, 5, false), (Blt, 9, 5, true), (Blt, 5, 9, false), (Blt, 6, 7, false),
        (Bge, 6, 5, true), (Bge, 5, 6, false), (Bge, 6, 7, true), (Bge, 9, 5, false),
        (Bltu, 6, 5, true), (Bltu, 5, 6, false), (Bltu, 6, 7, false),
        (Bgeu, 5, 6, true), (Bgeu, 6, 5, false), (Bgeu, 6, 7, true), (Bgeu, 0, 0, true),
    ];

    private static (CircuitHarness H, BranchAir Branch) Run()
    {
        var branch = new BranchAir();
        return (CircuitHarness.Run(Program(), branch, new JumpAir()), branch);
    }

    /// <summary>The row of the first branch with <paramref name="op"/> whose taken flag is <paramref name="taken"/>.</summary>
    private static int Row(CircuitHarness h, BranchAir branch, Opcode op, bool taken)
    {
        var nth = 0;
        foreach (var s in h.Trace.Steps.Where(s => s.Ins.Op == op))
        {
            if ((s.NextPc != s.Pc + 4) == taken)
            {
                return h.RowOf(branch, op, nth);
            }

            nth++;
        }

        throw new ArgumentException($"no {op} with taken = {taken}");
    }

    [Fact]
    public void Every_branch_taken_and_not_forward_and_backward_proves_and_verifies()
    {
        var (h, _) = Run();
        var steps = h.Trace.Steps;
        Assert.DoesNotContain(steps, s => s.Ins.Op == Opcode.Addi && s.Ins.Rd == Skip && s.Ins.Imm == 1);
        foreach (var op in new[] { Opcode.Beq, Opcode.Bne, Opcode.Blt, Opcode.Bge, Opcode.Bltu, Opcode.Bgeu })
        {
            Assert.Contains(steps, s => s.Ins.Op == op && s.NextPc == s.Pc + 8);
            Assert.Contains(steps, s => s.Ins.Op == op && s.NextPc == s.Pc + 4);
        }

        Assert.Contains(steps, s => s.Ins.Op == Opcode.Bne && s.NextPc == s.Pc - 4);
        h.AssertProves();
    }

    [Fact]
    public void A_wrong_branch_target_is_caught()
    {
        var (h, branch) = Run();
        var row = Row(h, branch, Opcode.Bne, taken: true);
        h.WitnessOf(branch).Main[row, branch.TakenColumn] = BabyBear.FromCanonical(2); // next = pc + 2·imm − 4
        h.AssertRejected("branch: taken is the condition");
    }

    [Fact]
    public void A_branch_target_from_another_immediate_is_caught()
    {
        var (h, branch) = Run();
        var row = Row(h, branch, Opcode.Beq, taken: true);
        h.WitnessOf(branch).Main[row, branch.ImmByteColumn(0)] += BabyBear.FromCanonical(4);
        h.AssertRejected("Bus 'program'");
    }

    [Fact]
    public void A_beq_taken_when_the_operands_differ_is_caught()
    {
        var (h, branch) = Run();
        var row = Row(h, branch, Opcode.Beq, taken: false);
        var w = h.WitnessOf(branch).Main;
        w[row, branch.TakenColumn] = BabyBear.One;
        w[row, branch.EqColumn] = BabyBear.One;
        h.AssertRejected("branch: eq is 0 when a ≠ b");
    }

    [Fact]
    public void A_bne_not_taken_when_the_operands_differ_is_caught()
    {
        var (h, branch) = Run();
        var row = Row(h, branch, Opcode.Bne, taken: true);
        var w = h.WitnessOf(branch).Main;
        w[row, branch.TakenColumn] = BabyBear.Zero;
        w[row, branch.EqColumn] = BabyBear.One;
        h.AssertRejected("branch: eq is 0 when a ≠ b");
    }

    [Fact]
    public void A_bltu_taken_on_a_forged_borrow_is_caught()
    {
        var (h, branch) = Run();
        var row = Row(h, branch, Opcode.Bltu, taken: false);
        var w = h.WitnessOf(branch).Main;
        w[row, branch.TakenColumn] = BabyBear.One;
        w[row, branch.CarryColumn(3)] = BabyBear.One;
        h.AssertRejected("branch: byte 3 of b + d = a");
    }

    [Fact]
    public void A_blt_taken_when_it_should_not_be_is_caught()
    {
        var (h, branch) = Run();
        var row = Row(h, branch, Opcode.Blt, taken: false);
        h.WitnessOf(branch).Main[row, branch.TakenColumn] = BabyBear.One;
        h.AssertRejected("branch: taken is the condition");
    }
}
