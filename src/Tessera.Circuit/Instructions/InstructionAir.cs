using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// The shape every instruction family's table shares: one boolean selector per opcode of the family
/// (their sum is the row's is_real, their weighted sum the opcode it looks up), the
/// <see cref="InstructionAdapter"/>, and the family's own columns and constraints.
/// </summary>
internal abstract class InstructionAir : IAir
{
    /// <summary>Smallest height of a family table (a segment may run none of its instructions).</summary>
    public const int MinimumHeight = 16;

    private const int Chunk = 1024;

    private readonly Dictionary<Opcode, int> _selector = [];

    protected InstructionAir(string name, Opcode[] ops, bool readsRs1, bool readsRs2, bool writesRd)
    {
        Name = name;
        Ops = ops;
        var columns = new ColumnAllocator();
        Adapter = new InstructionAdapter(columns, readsRs1, readsRs2, writesRd);
        var sel = columns.Take(ops.Length);
        for (var i = 0; i < ops.Length; i++)
        {
            _selector[ops[i]] = sel[i];
        }

        Layout(columns);
        Width = columns.Count;
    }

    public string Name { get; }

    public int Width { get; }

    /// <summary>The opcodes this table proves.</summary>
    public Opcode[] Ops { get; }

    protected InstructionAdapter Adapter { get; }

    /// <summary>The column of byte <paramref name="i"/> of the result (for tests that corrupt it).</summary>
    internal int ResultByteColumn(int i) => Adapter.C.Bytes[i];

    /// <summary>The column of byte <paramref name="i"/> of rs1's value.</summary>
    internal int OperandByteColumn(int i) => Adapter.A.Bytes[i];

    /// <summary>The column of byte <paramref name="i"/> of the second operand (rs2 or the immediate).</summary>
    internal int OperandBByteColumn(int i) => Adapter.B.Bytes[i];

    /// <summary>The write-rd flag column.</summary>
    internal int WritesColumn => Adapter.Writes;

    /// <summary>The column of rs1's previous access timestamp.</summary>
    internal int Rs1PrevTsColumn => Adapter.Rs1Read!.PrevTs;

    /// <summary>Allocates the family's own columns (called once, after the adapter and selectors).</summary>
    protected abstract void Layout(ColumnAllocator columns);

    /// <summary>The family's constraints and lookups; the selectors are already boolean.</summary>
    protected abstract void EvalFamily(AirBuilder b);

    /// <summary>Fills the family's columns of one row (the adapter and selector are filled already).</summary>
    protected abstract void FillFamily(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes);

    /// <summary>
    /// Whether the adapter range-checks the result bytes (false where the family's arithmetic bounds
    /// them); the family passes it to <see cref="InstructionAdapter.Eval"/>, the fill counts to match.
    /// </summary>
    protected virtual bool ChecksResult => true;

    /// <summary>Whether step <paramref name="s"/> reads rs2 (register forms).</summary>
    protected virtual bool ReadsRs2(in Step s) => true;

    /// <summary>The selector column of <paramref name="op"/>.</summary>
    protected int SelectorColumn(Opcode op) => _selector[op];

    /// <summary>The selector of <paramref name="op"/> on the current row.</summary>
    protected Expr Sel(AirBuilder b, Opcode op) => b.Main(_selector[op]);

    /// <summary>The sum of the selectors of <paramref name="ops"/>.</summary>
    protected Expr Any(AirBuilder b, params Opcode[] ops) => Expr.Sum(ops.Select(o => Sel(b, o)));

    /// <summary>1 on a row that executes one of the family's instructions.</summary>
    protected Expr IsReal(AirBuilder b) => Any(b, Ops);

    /// <summary>The opcode element the row looks up.</summary>
    protected Expr OpcodeOf(AirBuilder b) => Expr.Sum(Ops.Select(o => Sel(b, o) * (int)o));

    public void Eval(AirBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var op in Ops)
        {
            builder.AssertBool($"{op} selector boolean", Sel(builder, op));
        }

        EvalFamily(builder);
    }

    /// <summary>The table's witness for the steps at <paramref name="clks"/> (ascending), counting its byte lookups into <paramref name="bytes"/>.</summary>
    public TableWitness Witness(SegmentTrace trace, IReadOnlyList<int> clks, ByteCounts bytes, TraceAllocation allocation = default)
    {
        var height = Math.Max(MinimumHeight, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)clks.Count));
        var t = allocation.New(Width, height);
        var steps = trace.Steps;
        Parallel.For(0, (clks.Count + Chunk - 1) / Chunk, chunk =>
        {
            var end = Math.Min(clks.Count, (chunk + 1) * Chunk);
            for (var r = chunk * Chunk; r < end; r++)
            {
                var clk = clks[r];
                ref readonly var s = ref steps[clk];
                var row = t.Row(r);
                row[_selector[s.Ins.Op]] = BabyBear.One;
                Adapter.Fill(row, s, clk, bytes, ReadsRs2(s), ChecksResult);
                FillFamily(row, s, clk, bytes);
            }
        });
        return new TableWitness(t);
    }

    /// <summary>Fills one row for step <paramref name="s"/> at <paramref name="clk"/> as <see cref="Witness"/> does (for tests of a single row).</summary>
    internal void FillRow(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes)
    {
        row[_selector[s.Ins.Op]] = BabyBear.One;
        Adapter.Fill(row, s, clk, bytes, ReadsRs2(s), ChecksResult);
        FillFamily(row, s, clk, bytes);
    }
}
