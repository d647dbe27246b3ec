using Tessera.Circuit.Instructions;
using Tessera.Circuit.Program;
using Tessera.Circuit.Tests.Harness;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Debugging;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Verifier;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Instructions;

public sealed class LoadStoreTests
{
    private const uint Lb = 0, Lh = 1, Lw = 2, Lbu = 4, Lhu = 5, Sb = 0, Sh = 1, Sw = 2;
    private const int Data = 5, Value = 15;

    private static readonly byte[] Bytes = [0x81, 0x7F, 0xFE, 0x02, 0x34, 0x80, 0x56, 0xF0];

    private static uint[] Program()
    {
        var code = new List<uint>();
        code.AddRange(Asm.Li(Data, TestElf.DataBase));
        for (var off = 0; off < 4; off++)
        {
            code.Add(Asm.Load(Lb, 6, Data, off));
            code.Add(Asm.Load(Lbu, 7, Data, off));
            code.Add(Asm.Load(Lb, 6, Data, 4 + off));
            code.Add(Asm.Load(Lbu, 7, Data, 4 + off));
        }

        foreach (var off in new[] { 0, 2, 4, 6 })
        {
            code.Add(Asm.Load(Lh, 8, Data, off));
            code.Add(Asm.Load(Lhu, 9, Data, off));
        }

        code.Add(Asm.Load(Lw, 10, Data, 0));
        code.Add(Asm.Load(Lw, 11, Data, 4));
        code.Add(Asm.Addi(13, Data, 8));
        code.Add(Asm.Load(Lw, 14, 13, -8));        // a negative offset
        code.Add(Asm.Load(Lw, 0, Data, 4));        // a load into x0
        code.AddRange(Asm.Li(Value, 0xA1B2_C3D4));
        code.Add(Asm.Store(Sw, Value, Data, 16));
        for (var off = 0; off < 4; off++)
        {
            code.Add(Asm.Store(Sb, 6, Data, 16 + off));
        }

        code.Add(Asm.Store(Sh, Value, Data, 20));
        code.Add(Asm.Store(Sh, 8, Data, 22));
        code.Add(Asm.Store(Sw, Value, 13, 16));    // at data + 24
        code.Add(Asm.Store(Sh, 8, 13, 16));        // half 0 of data + 24
        code.Add(Asm.Store(Sb, 6, 13, 19));        // byte 3 of data + 24
        code.Add(Asm.Load(Lw, 16, Data, 16));
        code.Add(Asm.Load(Lw, 19, Data, 20));
        code.Add(Asm.Load(Lw, 18, Data, 24));
        return [.. code];
    }

    private static uint CodeEnd(uint[] code) => TestElf.CodeBase + (4 * ((uint)code.Length + 2)); // the harness appends exit

    private static (CircuitHarness H, LoadStoreAir LoadStore) Run()
    {
        var code = Program();
        var ls = new LoadStoreAir(CodeEnd(code));
        return (CircuitHarness.Run(code, [.. Bytes], ls, new JumpAir()), ls);
    }

    private static int Row(CircuitHarness h, LoadStoreAir ls, Opcode op, uint offset)
    {
        var nth = 0;
        foreach (var s in h.Trace.Steps.Where(s => s.Ins.Op == op))
        {
            if (((s.A + s.Ins.Imm) & 3) == offset)
            {
                return h.RowOf(ls, op, nth);
            }

            nth++;
        }

        throw new ArgumentException($"no {op} at offset {offset}");
    }

    [Fact]
    public void Every_load_and_store_width_at_every_offset_proves_and_verifies()
    {
        var (h, _) = Run();
        var steps = h.Trace.Steps;
        uint Last(int rd) => steps.Last(s => s.Ins.Rd == rd).Result;
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Lb && s.Result == 0xFFFF_FF81);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Lbu && s.Result == 0xF0);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Lh && s.Result == 0xFFFF_8034);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Lh && s.Result == 0x0000_7F81);
        Assert.Contains(steps, s => s.Ins.Op == Opcode.Lhu && s.Result == 0xF056);
        Assert.Equal(0x02FE_7F81u, Last(10));
        Assert.Equal(0x02FE_7F81u, Last(14));

        // x6 ends as lb(data + 7) = 0xFFFFFFF0; x8 as lh(data + 6) = 0xFFFFF056.
        Assert.Equal(0xF0F0_F0F0u, Last(16));
        Assert.Equal(0xF056_C3D4u, Last(19));
        Assert.Equal(0xF0B2_F056u, Last(18));
        h.AssertProves();
    }

    [Fact]
    public void A_wrong_loaded_value_is_caught()
    {
        var (h, ls) = Run();
        var row = Row(h, ls, Opcode.Lbu, 2);
        h.WitnessOf(ls).Main[row, ls.ResultByteColumn(0)] += BabyBear.One;
        h.AssertRejected("loadstore: loaded byte 0");
    }

    [Fact]
    public void A_wrong_sign_extension_is_caught()
    {
        var (h, ls) = Run();
        var row = Row(h, ls, Opcode.Lb, 0); // lb of 0x81: 0xFFFFFF81
        var w = h.WitnessOf(ls).Main;
        w[row, ls.SignColumn] = BabyBear.Zero;
        for (var i = 1; i < 4; i++)
        {
            w[row, ls.ResultByteColumn(i)] = BabyBear.Zero; // claims 0x00000081
        }

        h.AssertRejected("Bus 'byte'");
    }

    [Fact]
    public void A_store_that_changes_another_byte_of_the_word_is_caught()
    {
        var (h, ls) = Run();
        var row = Row(h, ls, Opcode.Sb, 1);
        h.WitnessOf(ls).Main[row, ls.NewByteColumn(3)] += BabyBear.One;
        h.AssertRejected("loadstore: stored byte 3");
    }

    [Fact]
    public void A_misaligned_word_or_half_access_is_caught()
    {
        var (h, ls) = Run();
        var w = h.WitnessOf(ls).Main;
        w[Row(h, ls, Opcode.Lw, 0), ls.FlagColumn(2)] = BabyBear.One;
        h.AssertRejected("loadstore: word access aligned");

        (h, ls) = Run();
        w = h.WitnessOf(ls).Main;
        var row = Row(h, ls, Opcode.Sh, 2);
        w[row, ls.FlagColumn(2)] = BabyBear.Zero;
        w[row, ls.FlagColumn(3)] = BabyBear.One;
        h.AssertRejected("loadstore: half access aligned");
    }

    [Fact]
    public void A_store_below_the_code_end_is_caught()
    {
        // The same trace, for a program whose code reaches past the stores' addresses.
        var (h, _) = Run();
        var airs = h.Machine.Tables.Select(t => t.Air is LoadStoreAir ? new LoadStoreAir(TestElf.DataBase + 0x100) : t.Air).ToArray();
        var machine = new Machine(airs);
        var e = Assert.Throws<ConstraintViolationException>(() => DebugChecker.Check(machine, h.Witnesses));
        Assert.Contains("loadstore: address above the code", e.Message, StringComparison.Ordinal);
        var proof = StarkProver.Prove(machine, h.Witnesses, Poseidon2Fixtures.Fast, debugCheck: false);
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(machine, h.Publics, proof, Poseidon2Fixtures.Fast));
    }

    [Fact]
    public void The_tables_have_their_documented_widths()
    {
        Assert.Equal(48, new BranchAir().Width);
        Assert.Equal(55, new JumpAir().Width);
        Assert.Equal(79, new LoadStoreAir(TestElf.CodeBase + 4).Width);
    }

    [Fact]
    public void The_table_refuses_a_code_end_outside_guest_memory()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoadStoreAir(0x100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoadStoreAir(TestElf.CodeBase + 2));
    }
}
