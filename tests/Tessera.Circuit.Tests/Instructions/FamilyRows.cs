using Tessera.Circuit.Execution;
using Tessera.Circuit.Instructions;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Tests.Instructions;

/// <summary>
/// Row-level checks of a family table without the rest of the machine: steps built by hand, rows
/// filled as the witness builder fills them, every AIR constraint evaluated on every row (padding
/// included), and the byte lookups the rows send compared with what the fill counted.
/// </summary>
internal static class FamilyRows
{
    public const uint Pc = 0x1000;

    /// <summary>Values every operand test runs through.</summary>
    public static readonly uint[] Edges = [0, 1, 2, 3, 7, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x1234_5678, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFE, 0xFFFF_FFFF, 0xDEAD_BEEF];

    /// <summary>A step of <paramref name="op"/> on rs1 = <paramref name="a"/> and rs2 (or the immediate) = <paramref name="b"/>, its result from the reference arithmetic.</summary>
    public static Step Step(Opcode op, uint a, uint b, bool immediate = false, int rd = 5)
    {
        var ins = new DecodedInstruction(op, rd, 6, immediate ? 0 : 7, immediate ? b : 0);
        return new Step
        {
            Pc = Pc,
            NextPc = Pc + 4,
            Ins = ins,
            A = a,
            B = immediate ? 0 : b,
            Result = SegmentTrace.Alu(op, a, b),
            Syscall = -1,
        };
    }

    /// <summary>Rows for <paramref name="steps"/> (step i at clk i), padded to a power of two.</summary>
    public static (Trace Trace, ByteCounts Bytes) Fill(InstructionAir air, IReadOnlyList<Step> steps)
    {
        var height = Math.Max(InstructionAir.MinimumHeight, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)steps.Count));
        var t = new Trace(air.Width, height);
        var bytes = new ByteCounts();
        for (var i = 0; i < steps.Count; i++)
        {
            air.FillRow(t.Row(i), steps[i], i, bytes);
        }

        return (t, bytes);
    }

    public static CompiledAir Compile(IAir air) => new Machine(air).Tables[0];

    /// <summary>The first (row, constraint name) whose AIR constraint does not vanish, or null.</summary>
    public static (int Row, string Name)? FirstFailure(CompiledAir table, Trace t)
    {
        for (var row = 0; row < t.Height; row++)
        {
            var values = t.Row(row).ToArray();
            var memo = new Dictionary<Expr, BabyBear>(ReferenceEqualityComparer.Instance);
            for (var c = 0; c < table.AirConstraintCount; c++)
            {
                if (!Eval(table.Constraints[c].Expr, values, memo).IsZero)
                {
                    return (row, table.Constraints[c].Name);
                }
            }
        }

        return null;
    }

    /// <summary>Asserts every byte lookup the rows send is a valid byte-table tuple and the fill counted exactly those.</summary>
    public static void AssertByteLookupsCounted(CompiledAir table, Trace t, ByteCounts bytes)
    {
        var expected = new long[ByteOpsAir.Height * ByteOpsAir.ColumnCount];
        for (var row = 0; row < t.Height; row++)
        {
            var values = t.Row(row).ToArray();
            var memo = new Dictionary<Expr, BabyBear>(ReferenceEqualityComparer.Instance);
            foreach (var it in table.Interactions.Where(i => i.Bus == Buses.Byte))
            {
                Assert.True(it.IsSend);
                var m = Eval(it.Multiplicity, values, memo);
                if (m.IsZero)
                {
                    continue;
                }

                Assert.Equal(1u, m.ToCanonical());
                var tuple = it.Tuple.Select(x => Eval(x, values, memo).ToCanonical()).ToArray();
                Assert.True(tuple[0] < ByteOpsAir.ColumnCount, $"row {row}: op {tuple[0]}");
                Assert.True(tuple[1] < 256 && tuple[2] < 256, $"row {row}: lookup {it.Index} ({tuple[1]}, {tuple[2]}) is not a byte pair");
                Assert.Equal(ByteOpsAir.Result((ByteOp)tuple[0], tuple[1], tuple[2]), tuple[3]);
                expected[(((tuple[1] << 8) | tuple[2]) * ByteOpsAir.ColumnCount) + tuple[0]]++;
            }
        }

        var counted = bytes.Witness().Main.Values;
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True((ulong)expected[i] == counted[i].ToCanonical(),
                $"byte op {i % ByteOpsAir.ColumnCount} on ({i / ByteOpsAir.ColumnCount >> 8}, {i / ByteOpsAir.ColumnCount & 0xFF}): sent {expected[i]}, counted {counted[i].ToCanonical()}");
        }
    }

    /// <summary>Fills, then asserts every constraint holds and the lookups are counted.</summary>
    public static void AssertRowsHold(InstructionAir air, IReadOnlyList<Step> steps)
    {
        var table = Compile(air);
        var (t, bytes) = Fill(air, steps);
        var failure = FirstFailure(table, t);
        Assert.True(failure is null, failure is { } f
            ? $"{steps[f.Row].Ins.Op} a=0x{steps[f.Row].A:x8} b=0x{steps[f.Row].B:x8} imm=0x{steps[f.Row].Ins.Imm:x} fails '{f.Name}'"
            : string.Empty);
        AssertByteLookupsCounted(table, t, bytes);
    }

    /// <summary>The name of the first failing constraint after <paramref name="corrupt"/> edits row 0, or null.</summary>
    public static string? FailureAfter(InstructionAir air, Step step, Action<Span<BabyBear>> corrupt)
    {
        var table = Compile(air);
        var (t, _) = Fill(air, [step]);
        corrupt(t.Row(0));
        return FirstFailure(table, t)?.Name;
    }

    /// <summary>Evaluates <paramref name="e"/> on one row (main, preprocessed, publics); <paramref name="memo"/> is per row.</summary>
    internal static BabyBear Eval(Expr e, BabyBear[] row, Dictionary<Expr, BabyBear> memo, BabyBear[]? pre = null, BabyBear[]? publics = null)
    {
        if (memo.TryGetValue(e, out var v))
        {
            return v;
        }

        v = e.Kind switch
        {
            ExprKind.Constant => e.Constant,
            ExprKind.Main when e.Offset == 0 => row[e.Index],
            ExprKind.Preprocessed when e.Offset == 0 && pre is not null => pre[e.Index],
            ExprKind.Public when publics is not null => publics[e.Index],
            ExprKind.Add => Eval(e.Left!, row, memo, pre, publics) + Eval(e.Right!, row, memo, pre, publics),
            ExprKind.Sub => Eval(e.Left!, row, memo, pre, publics) - Eval(e.Right!, row, memo, pre, publics),
            ExprKind.Mul => Eval(e.Left!, row, memo, pre, publics) * Eval(e.Right!, row, memo, pre, publics),
            ExprKind.Neg => -Eval(e.Left!, row, memo, pre, publics),
            _ => throw new NotSupportedException($"{e.Kind} in a row evaluation"),
        };
        memo[e] = v;
        return v;
    }
}
