using Tessera.Circuit.Execution;
using Tessera.Circuit.Lookups;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Gadgets;

/// <summary>
/// What every instruction table's row shares (docs/circuit.md): it takes (pc, clk, 0, journal index)
/// from the <c>exec</c> bus and gives (next pc, clk + 1, 0, journal index) back, looks its decoded instruction up on the
/// <c>program</c> bus, reads rs1 and rs2 and writes rd on the <c>memory</c> bus at the slots of
/// <see cref="Timestamps"/>. The program table is trusted, so rd, rs1, rs2, the immediate and the
/// write flag are whatever it says for this pc; the row only chooses which lookups it makes, through
/// the family's selectors.
/// </summary>
internal sealed class InstructionAdapter
{
    /// <summary>Lays the adapter's columns out in <paramref name="columns"/>.</summary>
    /// <param name="columns">The table's allocator.</param>
    /// <param name="readsRs1">Whether the family reads rs1 (its value in <see cref="A"/>).</param>
    /// <param name="readsRs2">Whether the family may read rs2 (its value in <see cref="B"/>).</param>
    /// <param name="writesRd">Whether the family writes rd (the value in <see cref="C"/>).</param>
    public InstructionAdapter(ColumnAllocator columns, bool readsRs1, bool readsRs2, bool writesRd)
    {
        Pc = columns.Next();
        Clk = columns.Next();
        Rs1 = columns.Next();
        Rs2 = columns.Next();
        Rd = columns.Next();
        Writes = columns.Next();
        JournalIndex = columns.Next();
        if (readsRs1)
        {
            A = columns.Word();
            Rs1Read = MemoryAccess.Read("rs1", columns);
        }

        if (readsRs2)
        {
            B = columns.Word();
            Rs2Read = MemoryAccess.Read("rs2", columns);
        }

        if (writesRd)
        {
            C = columns.Word();
            RdWrite = MemoryAccess.Write("rd", columns);
        }
    }

    public int Pc { get; }

    public int Clk { get; }

    public int Rs1 { get; }

    public int Rs2 { get; }

    public int Rd { get; }

    /// <summary>1 when the instruction writes a register other than x0 (from the program table).</summary>
    public int Writes { get; }

    /// <summary>Journal bytes committed so far in the segment: carried unchanged along the exec bus.</summary>
    public int JournalIndex { get; }

    /// <summary>rs1's value.</summary>
    public WordColumns A { get; }

    /// <summary>rs2's value, or the family's second operand.</summary>
    public WordColumns B { get; }

    /// <summary>The value written to rd.</summary>
    public WordColumns C { get; }

    public MemoryAccess? Rs1Read { get; }

    public MemoryAccess? Rs2Read { get; }

    public MemoryAccess? RdWrite { get; }

    /// <summary>Timestamp of slot <paramref name="slot"/> of this row's instruction.</summary>
    public Expr Ts(AirBuilder b, int slot) => (Timestamps.PerCycle * b.Main(Clk)) + (slot + 1);

    /// <summary>Declares the adapter's interactions and constraints.</summary>
    /// <param name="b">The builder.</param>
    /// <param name="isReal">1 on a row that executes an instruction, 0 on padding (a sum of the family's boolean selectors).</param>
    /// <param name="opcode">The opcode element (Σ selector·opcode).</param>
    /// <param name="immediate">The four immediate bytes of the program tuple.</param>
    /// <param name="nextPc">The pc the instruction passes on.</param>
    /// <param name="readsRs2">Weight of the rs2 read (0 for immediate forms).</param>
    /// <param name="checkResult">Range-check the bytes of <see cref="C"/> (false where the family's arithmetic already bounds them).</param>
    public void Eval(AirBuilder b, Expr isReal, Expr opcode, Expr[] immediate, Expr nextPc, Expr? readsRs2 = null, bool checkResult = true)
    {
        var pc = b.Main(Pc);
        var clk = b.Main(Clk);
        var writes = b.Main(Writes);
        b.AssertBool("adapter: is_real boolean", isReal);
        b.AssertZero("adapter: padding writes nothing", writes * (1 - isReal));
        var journal = b.Main(JournalIndex);
        b.Receive(Buses.Exec, isReal, pc, clk, Expr.Zero, journal);
        b.Send(Buses.Exec, isReal, nextPc, clk + 1, Expr.Zero, journal);
        b.Send(Buses.Program, isReal, [pc, opcode, b.Main(Rd), b.Main(Rs1), b.Main(Rs2), .. immediate, writes]);
        Rs1Read?.Eval(b, isReal, b.Main(Rs1), A.Read(b), Ts(b, Timestamps.SlotRs1));
        Rs2Read?.Eval(b, readsRs2 ?? isReal, b.Main(Rs2), B.Read(b), Ts(b, Timestamps.SlotRs2));
        if (RdWrite is not null)
        {
            var c = C.Read(b);
            RdWrite.Eval(b, writes, b.Main(Rd), c, Ts(b, Timestamps.SlotRd));
            if (checkResult)
            {
                b.Send(Buses.Byte, writes, Expr.Const((int)ByteOp.Range), c[0], c[1], Expr.Zero);
                b.Send(Buses.Byte, writes, Expr.Const((int)ByteOp.Range), c[2], c[3], Expr.Zero);
            }
        }
    }

    /// <summary>Fills the adapter's columns for <paramref name="s"/> at <paramref name="clk"/> and counts its byte lookups.</summary>
    public void Fill(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes, bool readsRs2 = true, bool checkResult = true)
    {
        var ins = s.Ins;
        row[Pc] = BabyBear.FromCanonical(s.Pc);
        row[Clk] = BabyBear.FromCanonical((uint)clk);
        row[Rs1] = BabyBear.FromCanonical((uint)ins.Rs1);
        row[Rs2] = BabyBear.FromCanonical((uint)ins.Rs2);
        row[Rd] = BabyBear.FromCanonical((uint)ins.Rd);
        row[Writes] = ins.Rd != 0 ? BabyBear.One : BabyBear.Zero;
        row[JournalIndex] = BabyBear.FromCanonical((uint)s.JournalIndex);
        if (Rs1Read is not null)
        {
            A.Fill(row, s.A);
            Rs1Read.Fill(row, s.APrevTs, Timestamps.Of(clk, Timestamps.SlotRs1), bytes);
        }

        if (Rs2Read is not null && readsRs2)
        {
            B.Fill(row, s.B);
            Rs2Read.Fill(row, s.BPrevTs, Timestamps.Of(clk, Timestamps.SlotRs2), bytes);
        }

        if (RdWrite is not null && ins.Rd != 0)
        {
            C.Fill(row, s.Result);
            RdWrite.Fill(row, s.RdPrevTs, Timestamps.Of(clk, Timestamps.SlotRd), bytes, s.RdPrev);
            if (checkResult)
            {
                bytes.Word(s.Result);
            }
        }
    }
}
