using Tessera.Field;
using Tessera.Poly;
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

    /// <summary>
    /// The prover's form of <see cref="Evaluate"/> over <c>dst.Length</c> consecutive rows from
    /// <paramref name="firstRow"/> of the table's committed matrices (null where it has none): the
    /// same value per row, with the per-row extension products done as vector kernels over the block.
    /// With <c>accumulate</c> the values are added into <c>dst</c>; <c>scratch</c> holds at least
    /// 3·<c>dst.Length</c> elements.
    /// </summary>
    public void EvaluateRows(int t, RowMajorMatrix? pre, RowMajorMatrix main, RowMajorMatrix? aux, RowMajorMatrix quotient,
        int firstRow, ReadOnlySpan<BabyBear4> invLocal, ReadOnlySpan<BabyBear4> invNext, Span<BabyBear4> dst, bool accumulate,
        Span<BabyBear4> scratch) =>
        EvaluateRows([new TableLdes(t, pre, main, aux, quotient)], firstRow, invLocal, invNext, dst, accumulate, scratch);

    /// <summary>
    /// As the one-table form, for every table of one LDE height at once (the sum of their
    /// quotients): the tables' claims and weighted rows are summed first and multiplied by
    /// 1/(ζ − x) and 1/(ζ·g − x) once, a quotient of sums being the sum of the quotients. The same
    /// field elements as one call per table accumulated.
    /// </summary>
    public void EvaluateRows(ReadOnlySpan<TableLdes> tables, int firstRow, ReadOnlySpan<BabyBear4> invLocal, ReadOnlySpan<BabyBear4> invNext,
        Span<BabyBear4> dst, bool accumulate, Span<BabyBear4> scratch)
    {
        var rows = dst.Length;
        var sumLocal = scratch[..rows];
        var sumNext = scratch.Slice(rows, rows);
        var s = scratch.Slice(2 * rows, rows);
        sumLocal.Clear();
        sumNext.Clear();
        var claimLocal = BabyBear4.Zero;
        var claimNext = BabyBear4.Zero;
        foreach (var m in tables)
        {
            AddRows(m.Table, Round.Preprocessed, m.Preprocessed, firstRow, sumLocal, sumNext, s, ref claimLocal, ref claimNext);
            AddRows(m.Table, Round.Main, m.Main, firstRow, sumLocal, sumNext, s, ref claimLocal, ref claimNext);
            AddRows(m.Table, Round.Aux, m.Aux, firstRow, sumLocal, sumNext, s, ref claimLocal, ref claimNext);
            AddRows(m.Table, Round.Quotient, m.Quotient, firstRow, sumLocal, sumNext, s, ref claimLocal, ref claimNext);
        }

        // (Σ claims − Σ weighted values) times the inverse, per point.
        s.Fill(claimLocal);
        BabyBear4Vector.Sub(s, sumLocal, sumLocal);
        BabyBear4Vector.Mul(sumLocal, invLocal, sumLocal);
        s.Fill(claimNext);
        BabyBear4Vector.Sub(s, sumNext, sumNext);
        BabyBear4Vector.Mul(sumNext, invNext, sumNext);
        BabyBear4Vector.Add(sumLocal, sumNext, sumLocal);
        if (accumulate)
        {
            BabyBear4Vector.Add(dst, sumLocal, dst);
        }
        else
        {
            sumLocal.CopyTo(dst);
        }
    }

    private void AddRows(int t, Round r, RowMajorMatrix? m, int firstRow, Span<BabyBear4> sumLocal, Span<BabyBear4> sumNext,
        Span<BabyBear4> s, ref BabyBear4 claimLocal, ref BabyBear4 claimNext)
    {
        if (m is null || m.Width == 0)
        {
            return;
        }

        var powers = _powers.AsSpan(_offset[t][(int)r], m.Width);
        for (var j = 0; j < s.Length; j++)
        {
            s[j] = BabyBear4Vector.DotBase(powers, m.Row(firstRow + j));
        }

        BabyBear4Vector.Add(sumLocal, s, sumLocal);
        claimLocal += _claimLocal[t][(int)r];
        if (RoundLayout.OpensNext(r))
        {
            BabyBear4Vector.MulScalar(s, _shiftNext[t][(int)r], s);
            BabyBear4Vector.Add(sumNext, s, sumNext);
            claimNext += _claimNext[t][(int)r];
        }
    }

    public Machine Machine => _machine;
}

/// <summary>One table's committed LDEs for the DEEP quotient (null where it has no such round).</summary>
internal readonly record struct TableLdes(int Table, RowMajorMatrix? Preprocessed, RowMajorMatrix Main, RowMajorMatrix? Aux, RowMajorMatrix Quotient);
