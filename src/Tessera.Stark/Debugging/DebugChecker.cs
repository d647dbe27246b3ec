using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Debugging;

/// <summary>
/// Checks a witness before proving: every AIR constraint on every row, and every bus balance
/// exactly (as multisets, without challenges). The first failure is thrown, naming where it is.
/// </summary>
public static class DebugChecker
{
    /// <summary>Checks shapes, constraints, then buses.</summary>
    /// <exception cref="WitnessShapeException">A trace or public-value list has the wrong shape.</exception>
    /// <exception cref="ConstraintViolationException">A constraint fails on some row.</exception>
    /// <exception cref="BusImbalanceException">A bus does not balance.</exception>
    public static void Check(Machine machine, IReadOnlyList<TableWitness> witnesses)
    {
        CheckShapes(machine, witnesses);
        for (var t = 0; t < machine.Tables.Count; t++)
        {
            CheckConstraints(machine.Tables[t], witnesses[t]);
        }

        CheckBuses(machine, witnesses);
    }

    /// <summary>Throws unless there is one witness per table with matching width, height and publics.</summary>
    /// <exception cref="WitnessShapeException">A trace or public-value list has the wrong shape.</exception>
    public static void CheckShapes(Machine machine, IReadOnlyList<TableWitness> witnesses)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(witnesses);
        if (witnesses.Count != machine.Tables.Count)
        {
            throw new WitnessShapeException($"{witnesses.Count} witnesses for {machine.Tables.Count} tables.");
        }

        for (var t = 0; t < witnesses.Count; t++)
        {
            var air = machine.Tables[t].Air;
            var w = witnesses[t];
            if (w.Main.Width != air.Width)
            {
                throw new WitnessShapeException($"Table '{air.Name}': trace width {w.Main.Width}, AIR width {air.Width}.");
            }

            if (w.Publics.Length != air.PublicValueCount)
            {
                throw new WitnessShapeException(
                    $"Table '{air.Name}': {w.Publics.Length} public values, AIR declares {air.PublicValueCount}.");
            }

            var pre = machine.Tables[t].Preprocessed;
            if (pre is not null && (pre.Height != w.Main.Height || pre.Width != air.PreprocessedWidth))
            {
                throw new WitnessShapeException(
                    $"Table '{air.Name}': the preprocessed columns are {pre.Width}×{pre.Height}, the trace has {w.Main.Height} rows.");
            }
        }
    }

    // Rows per block: the block's node values (nodes × rows) stay in L2 while the kernels run.
    private const int Block = 256;

    private static void CheckConstraints(CompiledAir table, TableWitness w)
    {
        var program = table.AirProgram;
        var pre = table.Preprocessed;
        var n = w.Main.Height;
        var rows = Math.Min(n, Block);
        var blocks = n / rows;

        // Blocks in parallel; each finds its first failing (row, constraint), the smallest wins, so
        // the report is the same as a row-by-row scan's.
        var first = new (int Row, int Constraint)[blocks];
        Parallel.For(
            0,
            blocks,
            () => new BabyBear[program.Nodes.Length * rows],
            (blk, _, scratch) =>
            {
                var r0 = blk * rows;
                program.EvalBaseBlock(w.Main, pre, w.Publics, r0, rows, scratch);
                first[blk] = (-1, -1);
                for (var c = 0; c < program.Roots.Length; c++)
                {
                    var values = scratch.AsSpan(program.Roots[c] * rows, rows);
                    var at = values.IndexOfAnyExcept(BabyBear.Zero);
                    if (at >= 0 && (first[blk].Row < 0 || r0 + at < first[blk].Row))
                    {
                        first[blk] = (r0 + at, c);
                    }
                }

                return scratch;
            },
            _ => { });

        foreach (var (row, c) in first)
        {
            if (row >= 0)
            {
                var constraint = table.Constraints[c];
                throw new ConstraintViolationException(table.Name, row, constraint.Index, constraint.Name);
            }
        }
    }

    private static void CheckBuses(Machine machine, IReadOnlyList<TableWitness> witnesses)
    {
        var net = new Dictionary<BusKey, (BabyBear Net, string Table, int Row)>();
        for (var t = 0; t < machine.Tables.Count; t++)
        {
            var table = machine.Tables[t];
            if (table.Interactions.Count == 0)
            {
                continue;
            }

            var w = witnesses[t];
            var program = table.InteractionProgram;
            var pre = table.Preprocessed;
            var n = w.Main.Height;
            var rows = Math.Min(n, Block);
            var scratch = new BabyBear[program.Nodes.Length * rows];
            for (var r0 = 0; r0 < n; r0 += rows)
            {
                program.EvalBaseBlock(w.Main, pre, w.Publics, r0, rows, scratch);
                for (var row = 0; row < rows; row++)
                {
                    var root = 0;
                    foreach (var it in table.Interactions)
                    {
                        var m = scratch[(program.Roots[root++] * rows) + row];
                        if (m.IsZero)
                        {
                            root += it.Tuple.Count;
                            continue;
                        }

                        var tuple = new BabyBear[it.Tuple.Count];
                        for (var j = 0; j < tuple.Length; j++)
                        {
                            tuple[j] = scratch[(program.Roots[root++] * rows) + row];
                        }

                        var key = new BusKey(it.Bus, tuple);
                        var signed = it.IsSend ? m : -m;
                        net[key] = net.TryGetValue(key, out var e) ? (e.Net + signed, e.Table, e.Row) : (signed, table.Name, r0 + row);
                    }
                }
            }
        }

        var unbalanced = net.Where(kv => !kv.Value.Net.IsZero).ToList();
        if (unbalanced.Count > 0)
        {
            var (key, e) = (unbalanced[0].Key, unbalanced[0].Value);
            var byBus = unbalanced.GroupBy(kv => kv.Key.Bus).ToDictionary(g => g.Key, g => g.Count());
            throw new BusImbalanceException(key.Bus, key.Tuple, e.Net, e.Table, e.Row, byBus);
        }
    }

    private sealed class BusKey(string bus, BabyBear[] tuple) : IEquatable<BusKey>
    {
        public string Bus { get; } = bus;

        public BabyBear[] Tuple { get; } = tuple;

        public bool Equals(BusKey? other) =>
            other is not null && Bus == other.Bus && Tuple.AsSpan().SequenceEqual(other.Tuple);

        public override bool Equals(object? obj) => Equals(obj as BusKey);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(Bus);
            foreach (var v in Tuple)
            {
                h.Add(v);
            }

            return h.ToHashCode();
        }
    }
}
