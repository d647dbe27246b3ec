using Tessera.Field;
using Tessera.Poly;
using Tessera.Stark.Pcs;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Tests.Airs;

namespace Tessera.Stark.Tests;

public sealed class DeepOverDomainTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(11)]
    public void Blocked_evaluation_matches_pointwise_quotients(int logLde)
    {
        // Oracle: every point x = shift·ω^rev(i) made by its own power, single inversions of ζ − x
        // and ζ·g − x, and the shared per-point DeepQuotient.Evaluate.
        var rng = new Random(logLde);
        var machine = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var openings = RandomOpenings(rng, machine);
        var deep = new DeepQuotient(machine, openings, TestRandom.Ext(rng));
        const int T = 1; // the byte table: preprocessed, main, aux and quotient matrices
        var table = machine.Tables[T];
        var size = 1 << logLde;
        var pre = RandomMatrix(rng, RoundLayout.Width(table, Round.Preprocessed), size);
        var main = RandomMatrix(rng, RoundLayout.Width(table, Round.Main), size);
        var aux = RandomMatrix(rng, RoundLayout.Width(table, Round.Aux), size);
        var quotient = RandomMatrix(rng, RoundLayout.Width(table, Round.Quotient), size);
        var zeta = TestRandom.Ext(rng);
        var g = BabyBear.TwoAdicGenerator(logLde - 1);
        var shift = BabyBear.Generator;
        var prior = RandomExt(rng, size);

        var fresh = RandomExt(rng, size); // stale contents must be overwritten
        DeepOverDomain.Evaluate(deep, T, logLde, shift, zeta, g, pre, main, aux, quotient, fresh, accumulate: false);
        var accumulated = (BabyBear4[])prior.Clone();
        DeepOverDomain.Evaluate(deep, T, logLde, shift, zeta, g, pre, main, aux, quotient, accumulated, accumulate: true);

        var omega = BabyBear.TwoAdicGenerator(logLde);
        for (var i = 0; i < size; i++)
        {
            var x = shift * omega.Pow((ulong)BitReversal.Reverse(i, logLde));
            var expected = deep.Evaluate(T, pre.Row(i), main.Row(i), aux.Row(i), quotient.Row(i),
                (zeta - x).Inverse(), ((zeta * g) - x).Inverse());
            Assert.Equal(expected, fresh[i]);
            Assert.Equal(prior[i] + expected, accumulated[i]);
        }
    }

    [Fact]
    public void Quotient_weights_every_column_by_its_own_power()
    {
        // Oracle for the shared per-point formula: Σ α^e·(y − p(x))/(z − x) term by term, with the
        // exponents in (table, round, point, column) order.
        var rng = new Random(3);
        var machine = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var openings = RandomOpenings(rng, machine);
        var alpha = TestRandom.Ext(rng);
        var deep = new DeepQuotient(machine, openings, alpha);
        var invLocal = TestRandom.Ext(rng);
        var invNext = TestRandom.Ext(rng);
        var e = 0UL;
        for (var t = 0; t < machine.Tables.Count; t++)
        {
            var rows = RoundLayout.All.Select(r => RandomExt(rng, RoundLayout.Width(machine.Tables[t], r)).Select(x => x.C0).ToArray()).ToArray();
            var expected = BabyBear4.Zero;
            foreach (var r in RoundLayout.All)
            {
                var (local, next) = r switch
                {
                    Round.Preprocessed => (openings[t].PreprocessedLocal, openings[t].PreprocessedNext),
                    Round.Main => (openings[t].MainLocal, openings[t].MainNext),
                    Round.Aux => (openings[t].AuxLocal, openings[t].AuxNext),
                    _ => (openings[t].Quotient, []),
                };
                var row = rows[(int)r];
                for (var c = 0; c < row.Length; c++)
                {
                    expected += alpha.Pow(e + (ulong)c) * (local[c] - row[c]) * invLocal;
                }

                e += (ulong)row.Length;
                for (var c = 0; c < next.Length; c++)
                {
                    expected += alpha.Pow(e + (ulong)c) * (next[c] - row[c]) * invNext;
                }

                e += (ulong)next.Length;
            }

            Assert.Equal(expected, deep.Evaluate(t, rows[0], rows[1], rows[2], rows[3], invLocal, invNext));
        }
    }

    private static BabyBear4[] RandomExt(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => TestRandom.Ext(rng))];

    private static RowMajorMatrix RandomMatrix(Random rng, int width, int height)
    {
        var values = new BabyBear[width * height];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = TestRandom.Base(rng);
        }

        return new RowMajorMatrix(values, width);
    }

    private static TableOpenings[] RandomOpenings(Random rng, Machine machine) =>
    [
        .. machine.Tables.Select(t => new TableOpenings
        {
            PreprocessedLocal = RandomExt(rng, RoundLayout.Width(t, Round.Preprocessed)),
            PreprocessedNext = RandomExt(rng, RoundLayout.Width(t, Round.Preprocessed)),
            MainLocal = RandomExt(rng, RoundLayout.Width(t, Round.Main)),
            MainNext = RandomExt(rng, RoundLayout.Width(t, Round.Main)),
            AuxLocal = RandomExt(rng, RoundLayout.Width(t, Round.Aux)),
            AuxNext = RandomExt(rng, RoundLayout.Width(t, Round.Aux)),
            Quotient = RandomExt(rng, RoundLayout.Width(t, Round.Quotient)),
        }),
    ];
}
