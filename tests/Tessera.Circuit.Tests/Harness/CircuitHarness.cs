using Tessera.Circuit.Execution;
using Tessera.Circuit.Instructions;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Circuit.Segment;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Debugging;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Verifier;
using Tessera.Vm.Elf;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Harness;

/// <summary>
/// Proves a tiny program with a chosen set of instruction tables: the program runs through the
/// executor (ending in exit), its first segment is replayed up to (not including) the final ECALL,
/// and the machine is [program, segment, the families, flat memory, byte table]. Tests corrupt a
/// cell of <see cref="Witnesses"/> and check that the debug checker and the verifier both refuse.
/// </summary>
internal sealed class CircuitHarness
{
    private const int A7 = 17;

    private CircuitHarness(Machine machine, List<TableWitness> witnesses, SegmentTrace trace, List<InstructionAir> families)
    {
        Machine = machine;
        Witnesses = witnesses;
        Trace = trace;
        Families = families;
    }

    public Machine Machine { get; }

    /// <summary>The witnesses in the machine's table order (mutable: tests corrupt them).</summary>
    public List<TableWitness> Witnesses { get; }

    public SegmentTrace Trace { get; }

    public List<InstructionAir> Families { get; }

    /// <summary>Runs <paramref name="code"/> (exit is appended) and builds the machine with <paramref name="families"/> (the ALU table is always in).</summary>
    public static CircuitHarness Run(IEnumerable<uint> code, params InstructionAir[] families) => Run(code, null, families);

    /// <summary>As <see cref="Run(IEnumerable{uint}, InstructionAir[])"/> with a data segment at <see cref="TestElf.DataBase"/>.</summary>
    public static CircuitHarness Run(IEnumerable<uint> code, byte[]? data, params InstructionAir[] families)
    {
        uint[] words = [.. code, Asm.Addi(A7, 0, 93), 0x0000_0073];
        var elf = ElfProgram.Parse(TestElf.Build(words, data));
        SegmentRecord? record = null;
        Executor.Run(elf, ReadOnlyMemory<byte>.Empty, new ExecutionOptions { Po2 = 13, KeepRecords = true }, r => record ??= r);
        var image = ProgramImage.From(elf);
        var trace = SegmentTrace.Replay(record!, image, (int)record!.UserCycles - 1, checkPost: false);
        var all = new List<InstructionAir> { new AluAir() };
        all.AddRange(families.Where(f => f is not AluAir));
        var program = new ProgramAir(image);
        var machine = new Machine([program, new SegmentAir(), .. all, new FlatMemoryAir(), new ByteOpsAir()]);

        var bytes = new ByteCounts();
        var publics = new BabyBear[SegmentAir.Count];
        publics[SegmentAir.PrePc] = BabyBear.FromCanonical(record.Pre.Pc);
        publics[SegmentAir.PostPc] = BabyBear.FromCanonical(trace.PostPc);
        for (var i = 0; i < 8; i++)
        {
            publics[SegmentAir.PreDigest + i] = record.Pre.Digest[i];
        }

        publics[SegmentAir.Cycles] = BabyBear.FromCanonical((uint)trace.Steps.Length);
        var executions = new int[image.Words.Length];
        var byFamily = all.ToDictionary(f => f, _ => new List<int>());
        for (var clk = 0; clk < trace.Steps.Length; clk++)
        {
            var s = trace.Steps[clk];
            executions[program.Row(s.Pc)]++;
            var family = all.FirstOrDefault(f => f.Ops.Contains(s.Ins.Op))
                ?? throw new InvalidOperationException($"no table in the harness proves {s.Ins.Op}");
            byFamily[family].Add(clk);
        }

        var witnesses = new List<TableWitness> { program.Witness(executions), SegmentAir.Witness(publics, bytes) };
        witnesses.AddRange(all.Select(f => f.Witness(trace, byFamily[f], bytes)));
        witnesses.Add(FlatMemoryAir.Witness(trace, publics));
        witnesses.Add(bytes.Witness());
        return new CircuitHarness(machine, witnesses, trace, all);
    }

    /// <summary>The witness of <paramref name="family"/>'s table.</summary>
    public TableWitness WitnessOf(InstructionAir family) => Witnesses[2 + Families.IndexOf(family)];

    /// <summary>The row of <paramref name="family"/>'s table that executes the <paramref name="nth"/> instruction with <paramref name="op"/>.</summary>
    public int RowOf(InstructionAir family, Opcode op, int nth = 0)
    {
        var row = 0;
        foreach (var s in Trace.Steps)
        {
            if (!family.Ops.Contains(s.Ins.Op))
            {
                continue;
            }

            if (s.Ins.Op == op && nth-- == 0)
            {
                return row;
            }

            row++;
        }

        throw new ArgumentException($"{op} ran fewer times than asked", nameof(op));
    }

    public IReadOnlyList<BabyBear[]> Publics => [.. Witnesses.Select(w => w.Publics)];

    /// <summary>Checks the witness, proves and verifies.</summary>
    public void AssertProves()
    {
        DebugChecker.Check(Machine, Witnesses);
        var proof = StarkProver.Prove(Machine, Witnesses, Poseidon2Fixtures.Fast);
        StarkVerifier.Verify(Machine, Publics, proof, Poseidon2Fixtures.Fast);
    }

    /// <summary>
    /// Asserts the debug checker refuses the witness, naming <paramref name="expected"/> (a constraint
    /// name fragment or a bus name), and that a proof forced from it is rejected.
    /// </summary>
    public void AssertRejected(string expected)
    {
        var e = Assert.ThrowsAny<TraceCheckException>(() => DebugChecker.Check(Machine, Witnesses));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        StarkProof proof;
        try
        {
            proof = StarkProver.Prove(Machine, Witnesses, Poseidon2Fixtures.Fast, debugCheck: false);
        }
        catch (Exception ex) when (ex is TraceCheckException or InvalidOperationException or ArgumentException)
        {
            return; // the prover itself could not go on (e.g. a LogUp sum that cannot close): nothing to verify
        }

        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(Machine, Publics, proof, Poseidon2Fixtures.Fast));
    }
}
