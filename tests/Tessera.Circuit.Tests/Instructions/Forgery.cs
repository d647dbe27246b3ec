using Tessera.Circuit.Execution;
using Tessera.Circuit.Instructions;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Circuit.Tests.Harness;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Instructions;

/// <summary>
/// A consistent forgery of one family row: the attacker edits cells, then makes everything else
/// agree — the byte table's multiplicities recounted from every valid lookup the tables now send,
/// and the register the row writes closed at the forged value — so the only thing left to catch the
/// lie is the row's own constraints and lookups.
/// </summary>
internal static class Forgery
{
    // FlatMemoryAir's layout: row r closes register r; its final bytes are columns 5..8.
    private const int FlatFinal = 5;

    /// <summary>Registers x0, a, b: words that load <paramref name="value"/> into <paramref name="rd"/> with ADDI, SLLI and ORI only.</summary>
    public static IEnumerable<uint> Load(int rd, uint value)
    {
        yield return Asm.Addi(rd, 0, (int)(value >> 24));
        for (var k = 2; k >= 0; k--)
        {
            yield return Asm.Shift(1, 0, rd, rd, 8);
            yield return Asm.OpImm(6, rd, rd, (int)((value >> (8 * k)) & 0xFF));
        }
    }

    /// <summary>The clk of the <paramref name="nth"/> step with <paramref name="op"/>.</summary>
    public static int ClkOf(CircuitHarness h, Opcode op, int nth = 0)
    {
        for (var clk = 0; clk < h.Trace.Steps.Length; clk++)
        {
            if (h.Trace.Steps[clk].Ins.Op == op && nth-- == 0)
            {
                return clk;
            }
        }

        throw new ArgumentException($"{op} did not run", nameof(op));
    }

    /// <summary>Refills <paramref name="family"/>'s row for the <paramref name="nth"/> <paramref name="op"/> from <paramref name="step"/> (byte counts thrown away).</summary>
    public static int Refill(CircuitHarness h, InstructionAir family, Opcode op, Step step, int nth = 0)
    {
        var row = h.RowOf(family, op, nth);
        var main = h.WitnessOf(family).Main;
        main.Row(row).Clear();
        family.FillRow(main.Row(row), step, ClkOf(h, op, nth), new ByteCounts());
        return row;
    }

    /// <summary>Makes the rest of the machine agree with the edited row: rd closed at its forged bytes, the byte table recounted.</summary>
    public static void Agree(CircuitHarness h, InstructionAir family, Opcode op, int[] resultColumns, int nth = 0)
    {
        var row = h.RowOf(family, op, nth);
        var main = h.WitnessOf(family).Main;
        var rd = h.Trace.Steps[ClkOf(h, op, nth)].Ins.Rd;
        var flat = h.Witnesses[^2].Main;
        for (var k = 0; k < 4; k++)
        {
            flat[rd, FlatFinal + k] = main[row, resultColumns[k]];
        }

        Recount(h);
    }

    /// <summary>Replaces the byte table's witness with the counts of every valid byte lookup the other tables send.</summary>
    public static void Recount(CircuitHarness h)
    {
        var width = ByteOpsAir.ColumnCount;
        var counts = new ulong[ByteOpsAir.Height * width];
        for (var t = 0; t < h.Machine.Tables.Count; t++)
        {
            var table = h.Machine.Tables[t];
            var sends = table.Interactions.Where(i => i.Bus == Buses.Byte && i.IsSend).ToArray();
            if (table.Air is ByteOpsAir || sends.Length == 0)
            {
                continue;
            }

            var w = h.Witnesses[t];
            var pre = table.Air.Preprocessed();
            for (var row = 0; row < w.Main.Height; row++)
            {
                var values = w.Main.Row(row).ToArray();
                var preRow = pre?.Row(row).ToArray();
                var memo = new Dictionary<Stark.Air.Expr, BabyBear>(ReferenceEqualityComparer.Instance);
                foreach (var it in sends)
                {
                    var m = FamilyRows.Eval(it.Multiplicity, values, memo, preRow, w.Publics);
                    if (m.IsZero)
                    {
                        continue;
                    }

                    var x = it.Tuple.Select(e => FamilyRows.Eval(e, values, memo, preRow, w.Publics).ToCanonical()).ToArray();
                    if (x[0] < width && x[1] < 256 && x[2] < 256 && ByteOpsAir.Result((ByteOp)x[0], x[1], x[2]) == x[3])
                    {
                        counts[(((x[1] << 8) | x[2]) * (uint)width) + x[0]] += m.ToCanonical();
                    }
                }
            }
        }

        var trace = new Trace(width, ByteOpsAir.Height);
        for (var i = 0; i < counts.Length; i++)
        {
            trace.Values[i] = BabyBear.FromUInt64(counts[i]);
        }

        h.Witnesses[^1] = new TableWitness(trace);
    }

    /// <summary>Byte columns of rd's value as the row holds them.</summary>
    public static int[] Result(Func<int, int> column) => [.. Enumerable.Range(0, 4).Select(column)];

    /// <summary>The field element −<paramref name="x"/>.</summary>
    public static BabyBear Neg(uint x) => -BabyBear.FromCanonical(x);
}
