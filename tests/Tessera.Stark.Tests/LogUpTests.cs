using Tessera.Field;
using Tessera.Stark.Debugging;
using Tessera.Stark.Lookup;
using Tessera.Stark.Tests.Airs;

namespace Tessera.Stark.Tests;

public sealed class LogUpTests
{
    private static (BabyBear4 Sum, int? FailingRow)[] Aux(Machine m, TableWitness[] w, int seed)
    {
        var ch = TestRandom.Challenges(m, new Random(seed));
        var result = new (BabyBear4, int?)[m.Tables.Count];
        for (var t = 0; t < m.Tables.Count; t++)
        {
            var table = m.Tables[t];
            if (table.AuxWidth == 0)
            {
                continue;
            }

            var sum = LogUp.BuildAux(table, w[t].Main, table.Air.Preprocessed(), w[t].Publics, ch, out var aux);
            result[t] = (sum, RowChecker.FirstFailure(table, w[t], aux, ch, sum)?.Row);
        }

        return result;
    }

    [Fact]
    public void Balanced_buses_sum_to_zero_and_aux_satisfies_every_constraint()
    {
        var m = new Machine(MemoryWitness.Airs());
        var r = Aux(m, MemoryWitness.Build(64, 50, 5, seed: 11), seed: 1);
        Assert.All(r, x => Assert.Null(x.FailingRow));
        Assert.Equal(BabyBear4.Zero, r.Aggregate(BabyBear4.Zero, (s, x) => s + x.Sum));
        Assert.All(r, x => Assert.NotEqual(BabyBear4.Zero, x.Sum));
    }

    [Fact]
    public void Unbalanced_bus_leaves_a_nonzero_total()
    {
        var m = new Machine(MemoryWitness.Airs());
        var w = MemoryWitness.Build(64, 50, 5, seed: 11);
        w[1].Main[2, MemoryBoundaryAir.Final] += BabyBear.One;
        var r = Aux(m, w, seed: 2);
        Assert.All(r, x => Assert.Null(x.FailingRow));
        Assert.NotEqual(BabyBear4.Zero, r.Aggregate(BabyBear4.Zero, (s, x) => s + x.Sum));
    }

    [Fact]
    public void Aux_matches_a_direct_sum_of_fractions()
    {
        // Oracle: Σ over rows of ±m/(α − fold(tuple)) with a fresh inversion per term.
        var m = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var (range, bytes) = RangeCheckedAir.Witness(16, seed: 5);
        var ch = TestRandom.Challenges(m, new Random(3));
        var sum = LogUp.BuildAux(m.Tables[0], range.Main, null, [], ch, out _);
        var busId = BabyBear.FromUInt32(1);
        var expected = BabyBear4.Zero;
        for (var row = 0; row < 16; row++)
        {
            foreach (var col in new[] { 1, 2 })
            {
                expected += (ch[0] - (busId + (ch[1] * range.Main[row, col]))).Inverse();
            }
        }

        Assert.Equal(expected, sum);
        var byteSum = LogUp.BuildAux(m.Tables[1], bytes.Main, m.Tables[1].Air.Preprocessed(), [], ch, out _);
        Assert.Equal(BabyBear4.Zero, sum + byteSum);
    }

    [Fact]
    public void Aux_over_several_blocks_matches_row_by_row_fractions()
    {
        // Oracle: every helper cell and running-sum cell from fresh inversions, row by row. 2^13
        // rows span two build blocks, so the blocks' running-sum offsets are exercised. The running
        // sum holds the steps before its row less row·S/n, so it starts at 0 and wraps back to 0.
        const int Rows = 1 << 13;
        var m = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var (range, _) = RangeCheckedAir.Witness(Rows, seed: 8);
        var ch = TestRandom.Challenges(m, new Random(6));
        var table = m.Tables[0];
        var aux = new BabyBear[Rows * table.AuxWidth * 4];
        Array.Fill(aux, BabyBear.FromUInt32(777)); // stale cells must be overwritten
        var sum = LogUp.BuildAux(table, range.Main, null, [], ch, aux);
        var cells = System.Runtime.InteropServices.MemoryMarshal.Cast<BabyBear, BabyBear4>(aux);
        var busId = BabyBear.FromUInt32(1);
        var groups = table.LogUpGroups;
        var width = table.AuxWidth;
        Assert.Equal(groups.Length, width);
        var steps = new BabyBear4[Rows];
        for (var row = 0; row < Rows; row++)
        {
            for (var g = 0; g < groups.Length; g++)
            {
                var h = BabyBear4.Zero;
                foreach (var i in groups[g].Interactions)
                {
                    h += (ch[0] - (busId + (ch[1] * range.Main[row, 1 + i]))).Inverse();
                }

                if (g < width - 1)
                {
                    Assert.Equal(h, cells[(row * width) + g]);
                }

                steps[row] += h;
            }
        }

        var total = steps.Aggregate(BabyBear4.Zero, (a, x) => a + x);
        Assert.Equal(total, sum);
        var share = total * BabyBear.FromUInt32(Rows).Inverse();
        var before = BabyBear4.Zero;
        for (var row = 0; row < Rows; row++)
        {
            Assert.Equal(before - (share * BabyBear.FromUInt32((uint)row)), cells[(row * width) + width - 1]);
            before += steps[row];
        }
    }

    [Fact]
    public void Zero_denominator_is_a_typed_error()
    {
        var m = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var (range, _) = RangeCheckedAir.Witness(1 << 13, seed: 9);
        var ch = TestRandom.Challenges(m, new Random(7));
        ch[0] = BabyBear.FromUInt32(1) + (ch[1] * range.Main[5000, 2]); // α = fold of row 5000's second tuple
        Assert.Throws<InvalidOperationException>(() => LogUp.BuildAux(m.Tables[0], range.Main, null, [], ch, out _));
        Assert.Throws<ArgumentException>(() => LogUp.BuildAux(m.Tables[0], range.Main, null, [], ch, new BabyBear[3]));
    }

    [Fact]
    public void Tampered_aux_cell_breaks_a_logup_constraint()
    {
        var m = new Machine(MemoryWitness.Airs());
        var w = MemoryWitness.Build(16, 12, 4, seed: 7);
        var ch = TestRandom.Challenges(m, new Random(4));
        var table = m.Tables[0];
        var sum = LogUp.BuildAux(table, w[0].Main, null, [], ch, out var aux);
        for (var cell = 0; cell < aux.Length; cell += 5)
        {
            var copy = (BabyBear4[])aux.Clone();
            copy[cell] += BabyBear4.One;
            var failure = RowChecker.FirstFailure(table, w[0], copy, ch, sum);
            Assert.NotNull(failure);
            Assert.True(failure.Value.Constraint >= table.AirConstraintCount);
        }

        Assert.NotNull(RowChecker.FirstFailure(table, w[0], aux, ch, sum + BabyBear4.One));
    }

    [Fact]
    public void A_running_sum_built_for_a_forged_total_fails_only_where_it_wraps()
    {
        // The attack on the shifted running sum: claim S + δ (say, to cancel an unbalanced bus) and
        // build s_i = Σ_{j<i} step_j − i·(S + δ)/n. Every step but the wrap from the last row to the
        // first then holds; the wrap is what pins the claimed total to the fractions' sum.
        var m = new Machine(MemoryWitness.Airs());
        var w = MemoryWitness.Build(16, 12, 4, seed: 7);
        var ch = TestRandom.Challenges(m, new Random(5));
        var table = m.Tables[0];
        var n = w[0].Main.Height;
        var sum = LogUp.BuildAux(table, w[0].Main, null, [], ch, out var aux);
        Assert.Null(RowChecker.FirstFailure(table, w[0], aux, ch, sum));
        var delta = TestRandom.Ext(new Random(6));
        var deltaShare = delta * BabyBear.FromUInt32((uint)n).Inverse();
        var width = table.AuxWidth;
        for (var row = 0; row < n; row++)
        {
            aux[(row * width) + width - 1] -= deltaShare * BabyBear.FromUInt32((uint)row);
        }

        var failure = RowChecker.FirstFailure(table, w[0], aux, ch, sum + delta);
        Assert.NotNull(failure);
        Assert.Equal(n - 1, failure.Value.Row);
        Assert.Equal(table.Constraints.Count - 1, failure.Value.Constraint);
    }

    [Fact]
    public void Helper_groups_respect_the_degree_bound()
    {
        var m = new Machine(MemoryWitness.Airs());
        foreach (var t in m.Tables)
        {
            Assert.True(t.MaxDegree <= Math.Max(3, t.Constraints.Take(t.AirConstraintCount).Select(c => c.Degree).DefaultIfEmpty(1).Max()));
        }

        // Memory: degree-1 multiplicities and tuples, four interactions → two groups of two: one
        // helper column and the running sum, which carries the last group.
        Assert.Equal(2, m.Tables[0].AuxWidth);
        Assert.Equal(3, m.Tables[0].MaxDegree);
    }

    [Fact]
    public void Batch_inverse_matches_single_inversions_and_rejects_zero()
    {
        var rng = new Random(9);
        var v = Enumerable.Range(0, 37).Select(_ => TestRandom.Ext(rng)).ToArray();
        var inv = (BabyBear4[])v.Clone();
        LogUp.BatchInverse(inv);
        for (var i = 0; i < v.Length; i++)
        {
            Assert.Equal(BabyBear4.One, v[i] * inv[i]);
        }

        v[5] = BabyBear4.Zero;
        Assert.Throws<InvalidOperationException>(() => LogUp.BatchInverse(v));
    }
}
