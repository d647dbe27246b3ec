using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Program;

/// <summary>
/// The program table: one preprocessed row per code word, (pc, opcode, rd, rs1, rs2, imm bytes,
/// writes-rd), receiving the <c>program</c> bus lookups of the executed instructions with a free
/// multiplicity column (the table only receives, and its rows are fixed, so any weight is sound).
/// Words that do not decode, and padding rows, hold opcode 0, which no instruction table sends.
/// </summary>
internal sealed class ProgramAir : IAir
{
    /// <summary>Smallest height, so that a tiny program still makes a well-formed table.</summary>
    public const int MinimumHeight = 16;

    private const int PcCol = 0, OpCol = 1, RdCol = 2, Rs1Col = 3, Rs2Col = 4, ImmCol = 5, WritesCol = 9;
    private readonly Lazy<Trace> _fixed;

    public ProgramAir(ProgramImage program)
    {
        Program = program ?? throw new ArgumentNullException(nameof(program));
        _fixed = new Lazy<Trace>(Build);
    }

    public ProgramImage Program { get; }

    public string Name => "program";

    public int Width => 1;

    public int PreprocessedWidth => 10;

    /// <summary>Rows: the code words, rounded up to a power of two.</summary>
    public int Height => Math.Max(MinimumHeight, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Program.Words.Length));

    public Trace Preprocessed() => _fixed.Value.Clone();

    public void Eval(AirBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tuple = Enumerable.Range(0, PreprocessedWidth).Select(builder.Preprocessed).ToArray();
        builder.Receive(Buses.Program, builder.Main(0), tuple);
    }

    /// <summary>The row of the instruction at <paramref name="pc"/>.</summary>
    public int Row(uint pc) => (int)((pc - Program.CodeBase) >> 2);

    /// <summary>The multiplicity column from how often each pc ran.</summary>
    public TableWitness Witness(ReadOnlySpan<int> executions, TraceAllocation allocation = default)
    {
        var t = allocation.New(1, Height);
        for (var i = 0; i < executions.Length; i++)
        {
            t[i, 0] = BabyBear.FromCanonical((uint)executions[i]);
        }

        return new TableWitness(t);
    }

    private Trace Build()
    {
        var t = new Trace(PreprocessedWidth, Height);
        for (var i = 0; i < Program.Instructions.Length; i++)
        {
            var ins = Program.Instructions[i];
            if (ins.Op == Opcode.None)
            {
                continue;
            }

            var row = t.Row(i);
            row[PcCol] = BabyBear.FromCanonical(Program.CodeBase + ((uint)i * 4));
            row[OpCol] = BabyBear.FromCanonical((uint)ins.Op);
            row[RdCol] = BabyBear.FromCanonical((uint)ins.Rd);
            row[Rs1Col] = BabyBear.FromCanonical((uint)ins.Rs1);
            row[Rs2Col] = BabyBear.FromCanonical((uint)ins.Rs2);
            for (var k = 0; k < 4; k++)
            {
                row[ImmCol + k] = BabyBear.FromCanonical((ins.Imm >> (8 * k)) & 0xFF);
            }

            row[WritesCol] = ins.Rd != 0 ? BabyBear.One : BabyBear.Zero;
        }

        return t;
    }
}
