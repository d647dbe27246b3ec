using Tessera.Field;
using Tessera.Stark.Proofs;

namespace Tessera.Stark.Pcs;

/// <summary>
/// The DEEP quotient of one table at one point x of its LDE domain: Σ over its columns p and
/// opening points z of α^e·(p(z) − p(x))/(z − x), with one global exponent e per (table, round,
/// point, column) so no two claims share a weight. Prover (at every point) and verifier (at each
/// query) run this same code.
/// </summary>
internal sealed class DeepQuotient
{
    private readonly BabyBear4[] _powers;
    private readonly int[][] _offset; // [table][round] → exponent of the ζ term; the ζ·g term is offset + width
    private readonly BabyBear4[][] _claimLocal; // [table][round] Σ_c α^(e+c)·y_c(ζ)
    private readonly BabyBear4[][] _claimNext;
    private readonly BabyBear4[][] _shiftNext; // α^width
    private readonly Machine _machine;

    public DeepQuotient(Machine machine, TableOpenings[] openings, BabyBear4 alpha)
    {
        _machine = machine;
        var total = 0;
        foreach (var t in machine.Tables)
        {
            foreach (var r in RoundLayout.All)
            {
                total += RoundLayout.Width(t, r) * (RoundLayout.OpensNext(r) ? 2 : 1);
            }
        }

        _powers = Pcs.Coset.Powers(alpha, total + 1);
        var n = machine.Tables.Count;
        _offset = new int[n][];
        _claimLocal = new BabyBear4[n][];
        _claimNext = new BabyBear4[n][];
        _shiftNext = new BabyBear4[n][];
        var e = 0;
        for (var t = 0; t < n; t++)
        {
            var table = machine.Tables[t];
            _offset[t] = new int[4];
            _claimLocal[t] = new BabyBear4[4];
            _claimNext[t] = new BabyBear4[4];
            _shiftNext[t] = new BabyBear4[4];
            foreach (var r in RoundLayout.All)
            {
                var w = RoundLayout.Width(table, r);
                var (local, next) = Claims(openings[t], r);
                _offset[t][(int)r] = e;
                _claimLocal[t][(int)r] = Weighted(local, e);
                e += w;
                if (RoundLayout.OpensNext(r))
                {
                    _claimNext[t][(int)r] = Weighted(next, e);
                    _shiftNext[t][(int)r] = _powers[w];
                    e += w;
                }
            }
        }
    }

    private static (BabyBear4[] Local, BabyBear4[] Next) Claims(TableOpenings o, Round r) => r switch
    {
        Round.Preprocessed => (o.PreprocessedLocal, o.PreprocessedNext),
        Round.Main => (o.MainLocal, o.MainNext),
        Round.Aux => (o.AuxLocal, o.AuxNext),
        _ => (o.Quotient, []),
    };

    private BabyBear4 Weighted(BabyBear4[] values, int e)
    {
        var acc = BabyBear4.Zero;
        for (var c = 0; c < values.Length; c++)
        {
            acc += _powers[e + c] * values[c];
        }

        return acc;
    }

    /// <summary>
    /// The quotient at x for table <paramref name="t"/>, from its row at x in each round (empty
    /// where the table has no matrix) and 1/(ζ − x), 1/(ζ·g − x).
    /// </summary>
    public BabyBear4 Evaluate(int t, ReadOnlySpan<BabyBear> pre, ReadOnlySpan<BabyBear> main, ReadOnlySpan<BabyBear> aux,
        ReadOnlySpan<BabyBear> quotient, BabyBear4 invLocal, BabyBear4 invNext)
    {
        var local = BabyBear4.Zero;
        var next = BabyBear4.Zero;
        Add(t, Round.Preprocessed, pre, ref local, ref next);
        Add(t, Round.Main, main, ref local, ref next);
        Add(t, Round.Aux, aux, ref local, ref next);
        Add(t, Round.Quotient, quotient, ref local, ref next);
        return (local * invLocal) + (next * invNext);
    }

    private void Add(int t, Round r, ReadOnlySpan<BabyBear> row, ref BabyBear4 local, ref BabyBear4 next)
    {
        if (row.IsEmpty)
        {
            return;
        }

        var e = _offset[t][(int)r];
        var s = BabyBear4Vector.DotBase(_powers.AsSpan(e, row.Length), row);

        local += _claimLocal[t][(int)r] - s;
        if (RoundLayout.OpensNext(r))
        {
            next += _claimNext[t][(int)r] - (_shiftNext[t][(int)r] * s);
        }
    }

    public Machine Machine => _machine;
}
