using Tessera.Field;
using Tessera.Stark.Debugging;
using Tessera.Stark.Tests.Airs;

namespace Tessera.Stark.Tests;

public sealed class DebugCheckerTests
{
    private static readonly BabyBear One = BabyBear.One;

    /// <summary>A witness corruption and the (table, constraint, row) it must be reported as.</summary>
    public sealed record Corruption(string Example, string Table, string Constraint, int Row, Action<TableWitness[]> Apply);

    private static (Machine Machine, TableWitness[] Witness) Example(string name) => name switch
    {
        "fib" => (new Machine(new FibonacciAir()), [FibonacciAir.Witness(8)]),
        "range" => RangeExample(),
        "memory" => (new Machine(MemoryWitness.Airs()), MemoryWitness.Build(16, 12, 4, seed: 7)),
        _ => throw new ArgumentException(name),
    };

    private static (Machine, TableWitness[]) RangeExample()
    {
        var (range, bytes) = RangeCheckedAir.Witness(8, seed: 3);
        return (new Machine(new RangeCheckedAir(), new ByteTableAir()), [range, bytes]);
    }

    // Each corruption was designed by hand so that exactly the named constraint is the first to fail.
    public static readonly Corruption[] Corruptions =
    [
        new("fib", "fib", "first a", 0, w => w[0].Main[0, 0] += One),
        new("fib", "fib", "first b", 0, w => w[0].Main[0, 1] += One),
        new("fib", "fib", "a' = b", 2, w => w[0].Main[3, 0] += One),
        new("fib", "fib", "b' = a + b", 2, w => w[0].Main[3, 1] += One),
        new("fib", "fib", "last b", 7, w => w[0].Publics[2] += One),
        new("range", "range", "x = lo + 256·hi", 3, w => w[0].Main[3, 0] += One),
        new("memory", "memory", "active is boolean", 3, w => w[0].Main[3, MemoryAir.Active] = BabyBear.FromUInt32(2)),
        new("memory", "memory", "is_write is boolean", 2, w => w[0].Main[2, MemoryAir.IsWrite] = BabyBear.FromUInt32(2)),
        new("memory", "memory", "is_write only when active", 14, w => w[0].Main[14, MemoryAir.IsWrite] = One),
        new("memory", "memory", "clock starts at 1", 0, w => w[0].Main[0, MemoryAir.Ts] = BabyBear.FromUInt32(5)),
        new("memory", "memory", "clock ticks", 14, w => w[0].Main[15, MemoryAir.Ts] += One),
        new("memory", "memory", "active rows come first", 14, w => w[0].Main[15, MemoryAir.Active] = One),
        new("memory", "memory", "a read keeps the value", FirstRead(), w => w[0].Main[FirstRead(), MemoryAir.Value] += One),
        new("memory", "memory", "ts − prev_ts − 1 = lo + 256·hi", 1, w => w[0].Main[1, MemoryAir.DiffLo] += One),
        new("memory", "memory boundary", "active is boolean", 0, w => w[1].Main[0, MemoryBoundaryAir.Active] = BabyBear.FromUInt32(2)),
    ];

    private static int FirstRead()
    {
        var w = MemoryWitness.Build(16, 12, 4, seed: 7)[0].Main;
        for (var r = 0; r < 12; r++)
        {
            if (w[r, MemoryAir.IsWrite].IsZero)
            {
                return r;
            }
        }

        throw new InvalidOperationException("The seed gives no read.");
    }

    public static TheoryData<string> Examples => new() { "fib", "range", "memory" };

    public static TheoryData<int> CorruptionIndices()
    {
        var d = new TheoryData<int>();
        for (var i = 0; i < Corruptions.Length; i++)
        {
            d.Add(i);
        }

        return d;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Honest_witness_passes(string example)
    {
        var (machine, witness) = Example(example);
        DebugChecker.Check(machine, witness);
    }

    [Fact]
    public void Honest_witnesses_pass_at_several_sizes()
    {
        foreach (var rows in new[] { 2, 4, 64, 1024 })
        {
            DebugChecker.Check(new Machine(new FibonacciAir()), [FibonacciAir.Witness(rows, 3, 5)]);
            var (range, bytes) = RangeCheckedAir.Witness(rows, rows);
            DebugChecker.Check(new Machine(new RangeCheckedAir(), new ByteTableAir()), [range, bytes]);
        }

        DebugChecker.Check(new Machine(MemoryWitness.Airs()), MemoryWitness.Build(256, 200, 9, seed: 1));
    }

    [Theory]
    [MemberData(nameof(CorruptionIndices))]
    public void Corrupting_a_constraint_names_it(int index)
    {
        var c = Corruptions[index];
        var (machine, witness) = Example(c.Example);
        c.Apply(witness);
        var e = Assert.Throws<ConstraintViolationException>(() => DebugChecker.Check(machine, witness));
        Assert.Equal(c.Table, e.Table);
        Assert.Equal(c.Constraint, e.ConstraintName);
        Assert.Equal(c.Row, e.Row);
        var table = machine.Tables.Single(t => t.Name == c.Table);
        Assert.Equal(c.Constraint, table.Constraints[e.ConstraintIndex].Name);
    }

    [Fact]
    public void Every_constraint_of_every_example_air_has_a_corruption()
    {
        var declared = new[] { "fib", "range", "memory" }
            .SelectMany(ex => Example(ex).Machine.Tables
                .SelectMany(t => t.Constraints.Take(t.AirConstraintCount).Select(c => (t.Name, c.Name))))
            .ToHashSet();
        var covered = Corruptions.Select(c => (c.Table, c.Constraint)).ToHashSet();
        Assert.Equal(declared.OrderBy(x => x.ToString()), covered.OrderBy(x => x.ToString()));
    }

    [Fact]
    public void Across_many_blocks_the_first_failing_row_and_its_first_constraint_are_named()
    {
        // 2048 rows: the checker works in blocks of rows in parallel, and must still report what a
        // row-by-row scan would — the earliest row, and at that row the constraint declared first.
        var machine = new Machine(new FibonacciAir());
        var w = new[] { FibonacciAir.Witness(2048) };
        w[0].Main[1501, 1] += One; // breaks "b' = a + b" at row 1500 and "a' = b" at row 1501
        w[0].Main[701, 0] += One;  // breaks "a' = b" at row 700 and "b' = a + b" at row 701
        w[0].Main[701, 1] += One;  // and "b' = a + b" at row 700 too
        var e = Assert.Throws<ConstraintViolationException>(() => DebugChecker.Check(machine, w));
        Assert.Equal(700, e.Row);
        Assert.Equal("a' = b", e.ConstraintName);
    }

    [Fact]
    public void A_lookup_unbalanced_far_into_a_tall_table_is_caught()
    {
        // Row 900 of 1024 (a late block) keeps x = lo + 256·hi but looks up other bytes than the
        // byte table's multiplicities count: one of the four moved byte values is out of balance.
        var machine = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var (range, bytes) = RangeCheckedAir.Witness(1024, seed: 9);
        var moved = new[] { range.Main[900, 1], range.Main[900, 2], BabyBear.FromUInt32(0xFF), BabyBear.FromUInt32(1) };
        Assert.NotEqual(BabyBear.FromUInt32(0x1FF), range.Main[900, 0]);
        range.Main[900, 0] = BabyBear.FromUInt32(0x1FF);
        range.Main[900, 1] = BabyBear.FromUInt32(0xFF);
        range.Main[900, 2] = BabyBear.FromUInt32(1);
        var e = Assert.Throws<BusImbalanceException>(() => DebugChecker.Check(machine, [range, bytes]));
        Assert.Equal(ByteTableAir.Bus, e.Bus);
        Assert.Contains(e.Tuple.Single(), moved);

        // Every unbalanced tuple is counted: two bytes looked up that the table did not count, two
        // counted that nobody looked up (unless a moved value equals another).
        var unbalanced = moved.Distinct().Count();
        Assert.Equal(new Dictionary<string, int> { [ByteTableAir.Bus] = unbalanced }, e.ImbalancedBuses);
        Assert.Contains($"Unbalanced tuples: '{ByteTableAir.Bus}' {unbalanced}.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unbalanced_byte_lookup_is_caught()
    {
        var (machine, w) = Example("range");

        // x stays consistent with its bytes, but lo moves outside what the byte table was told.
        w[0].Main[3, 0] += One;
        w[0].Main[3, 1] += One;
        var e = Assert.Throws<BusImbalanceException>(() => DebugChecker.Check(machine, w));
        Assert.Equal(ByteTableAir.Bus, e.Bus);
    }

    [Fact]
    public void Out_of_range_value_cannot_balance()
    {
        var machine = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var t = new Trace(3, 4);

        // 2^16 + 5 = 5 + 256·256: hi = 256 is not a byte, so no multiplicity column can match it.
        t[0, 0] = BabyBear.FromUInt32((1 << 16) + 5);
        t[0, 1] = BabyBear.FromUInt32(5);
        t[0, 2] = BabyBear.FromUInt32(256);
        var bytes = ByteTableAir.Witness([5, 0, 0, 0, 0, 0, 0]);
        var e = Assert.Throws<BusImbalanceException>(() => DebugChecker.Check(machine, [new TableWitness(t), bytes]));
        Assert.Equal([BabyBear.FromUInt32(256)], e.Tuple);
    }

    [Fact]
    public void Memory_with_a_wrong_final_value_is_unbalanced()
    {
        var (machine, w) = Example("memory");
        w[1].Main[0, MemoryBoundaryAir.Final] += One;
        var e = Assert.Throws<BusImbalanceException>(() => DebugChecker.Check(machine, w));
        Assert.Equal(MemoryAir.Bus, e.Bus);
    }

    [Fact]
    public void Memory_read_of_a_stale_value_is_unbalanced()
    {
        var (machine, w) = Example("memory");

        // A read that claims a different previous value than was written keeps the read constraint
        // (value = prev_value) but cannot match the previous send.
        var r = FirstRead();
        w[0].Main[r, MemoryAir.Value] += One;
        w[0].Main[r, MemoryAir.PrevValue] += One;
        Assert.Throws<BusImbalanceException>(() => DebugChecker.Check(machine, w));
    }

    [Fact]
    public void Wrong_shapes_are_rejected()
    {
        var machine = new Machine(new FibonacciAir());
        Assert.Throws<WitnessShapeException>(() => DebugChecker.Check(machine, []));
        Assert.Throws<WitnessShapeException>(() => DebugChecker.Check(machine, [new TableWitness(new Trace(3, 4), new BabyBear[3])]));
        Assert.Throws<WitnessShapeException>(() => DebugChecker.Check(machine, [new TableWitness(new Trace(2, 4), new BabyBear[2])]));
        var bytes = new Machine(new ByteTableAir());
        Assert.Throws<WitnessShapeException>(() => DebugChecker.Check(bytes, [new TableWitness(new Trace(1, 128))]));
    }
}
