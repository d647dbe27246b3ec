using System.Buffers;
using System.Runtime.InteropServices;

using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Lookup;

/// <summary>
/// LogUp (eprint 2022/1530) for one table. Each interaction contributes ±m/(α − fold(tuple)) per
/// row, with fold(t) = bus + Σ_j β^(j+1)·t_j. The interactions are cut into groups; every group but
/// the last has a helper column holding its fractions' sum, and one running-sum column s takes the
/// last group's place: s_{i+1} − s_i = (Σ of row i's fractions) − S/n, cyclically over the n rows,
/// where S is the table's cumulative sum. All aux columns live in the extension field.
/// </summary>
/// <remarks>
/// <para>
/// Challenge 0 is α, challenge j ≥ 1 is β^j (precomputed so tuples fold with base·extension
/// products only). The aux columns are: helper 0 … helper G−2, then the running sum; G columns for
/// G groups.
/// </para>
/// <para>
/// The running sum is shifted by S/n per row (Stwo's construction): s_i = Σ_{j&lt;i} step_j − i·S/n,
/// so s_0 = s_n = 0 and one constraint on every row, with no first- or last-row selector, both
/// ties the step to the last group's fractions and pins the total: summing s_{i+1} − s_i over the
/// cycle gives 0 = Σ_i step_i − S. The last group's fractions need no helper of their own. See
/// docs/decisions/0010-shifted-logup-running-sum.md.
/// </para>
/// </remarks>
internal static class LogUp
{
    /// <summary>Index of α among the challenges.</summary>
    public const int Alpha = 0;

    // Rows per parallel block of the aux build.
    private const int AuxBlock = 4096;

    /// <summary>Splits interactions into groups whose helper constraint stays within <paramref name="maxDegree"/>.</summary>
    public static LogUpGroup[] Group(IReadOnlyList<Interaction> interactions, int maxDegree)
    {
        var groups = new List<LogUpGroup>();
        var current = new List<int>();
        foreach (var it in interactions)
        {
            current.Add(it.Index);
            if (current.Count > 1 && HelperDegree(interactions, current) > maxDegree)
            {
                current.RemoveAt(current.Count - 1);
                groups.Add(new LogUpGroup([.. current]));
                current = [it.Index];
            }
        }

        if (current.Count > 0)
        {
            groups.Add(new LogUpGroup([.. current]));
        }

        return [.. groups];
    }

    private static int HelperDegree(IReadOnlyList<Interaction> interactions, List<int> group)
    {
        var denominators = group.Sum(i => DenominatorDegree(interactions[i]));
        var degree = 1 + denominators;
        foreach (var i in group)
        {
            var it = interactions[i];
            degree = Math.Max(degree, it.Multiplicity.Degree + denominators - DenominatorDegree(it));
        }

        return degree;
    }

    private static int DenominatorDegree(Interaction it) => it.Tuple.Max(t => t.Degree);

    /// <summary>The symbolic denominator α − fold(tuple) of one interaction.</summary>
    public static Expr Denominator(Interaction it, int busId)
    {
        var fold = (Expr)busId;
        for (var j = 0; j < it.Tuple.Count; j++)
        {
            fold += Challenge(j + 1) * it.Tuple[j];
        }

        return Challenge(Alpha) - fold;
    }

    /// <summary>The engine's constraints tying the aux columns to the interactions.</summary>
    /// <remarks>
    /// Group g &lt; G−1: h_g·Π dens − Σ ±m_k·Π_{j≠k} dens = 0. The last group, on every row (the next
    /// row of the last is the first): (s' − s + S/n − Σ_{g&lt;G−1} h_g)·Π dens − Σ ±m_k·Π_{j≠k} dens = 0.
    /// Both have the degree of the group's helper constraint, so grouping is unchanged by the shift.
    /// </remarks>
    public static List<(string Name, Expr Expr)> Constraints(
        IReadOnlyList<Interaction> interactions, LogUpGroup[] groups, IReadOnlyList<int> busIds)
    {
        var result = new List<(string, Expr)>();
        var helperSum = Expr.Zero;
        var last = groups.Length - 1;
        var share = Expr.Leaf(ExprKind.SumShare, 0, 0, true, 0);
        for (var g = 0; g < groups.Length; g++)
        {
            var members = groups[g].Interactions;
            var dens = members.Select(i => Denominator(interactions[i], busIds[i])).ToArray();
            var rhs = Expr.Zero;
            for (var k = 0; k < members.Length; k++)
            {
                var it = interactions[members[k]];
                var others = Expr.Product(dens.Where((_, j) => j != k));
                var term = it.Multiplicity * others;
                rhs = it.IsSend ? rhs + term : rhs - term;
            }

            if (g < last)
            {
                var h = Aux(g, 0);
                result.Add(($"logup helper {g}", (h * Expr.Product(dens)) - rhs));
                helperSum = g == 0 ? h : helperSum + h;
            }
            else
            {
                var step = Aux(last, 1) - Aux(last, 0) + share;
                step = g == 0 ? step : step - helperSum;
                result.Add(("logup running sum steps by the last group's fractions less S/n", (step * Expr.Product(dens)) - rhs));
            }
        }

        return result;
    }

    /// <summary>The running sum's shift per row: the cumulative sum over the table's height, S·n⁻¹.</summary>
    public static BabyBear4 SumShare(BabyBear4 cumulativeSum, int logHeight) =>
        cumulativeSum * BabyBear.FromUInt32(1u << logHeight).Inverse();

    /// <summary>
    /// Builds the aux trace (row-major, one extension cell per group per row) and returns the
    /// cumulative sum.
    /// </summary>
    /// <exception cref="InvalidOperationException">A denominator is zero (probability ≈ rows/|F⁴|).</exception>
    public static BabyBear4 BuildAux(CompiledAir table, Trace main, Trace? preprocessed, BabyBear[] publics,
        BabyBear4[] challenges, out BabyBear4[] aux)
    {
        var cells = new BabyBear[main.Height * table.AuxWidth * 4];
        var sum = BuildAux(table, main, preprocessed, publics, challenges, cells);
        aux = MemoryMarshal.Cast<BabyBear, BabyBear4>(cells).ToArray();
        return sum;
    }

    /// <summary>
    /// Builds the aux trace into <paramref name="aux"/> (row-major, one extension cell per group per
    /// row as four base coordinates each, every cell written: the matrix the prover commits) and
    /// returns the cumulative sum.
    /// </summary>
    /// <remarks>
    /// Rows go in independent blocks: each evaluates the interaction program column-wise over its
    /// rows (reading only the columns the interactions use), folds the tuples, inverts its
    /// denominators in one batch, and writes its helper cells and a block-local exclusive running sum.
    /// The block totals are then prefix-summed into S, and each row gets its block's offset less
    /// row·S/n: the running sum costs two parallel passes and a sequential pass over the blocks only.
    /// </remarks>
    /// <exception cref="InvalidOperationException">A denominator is zero (probability ≈ rows/|F⁴|).</exception>
    /// <exception cref="ArgumentException"><paramref name="aux"/> has the wrong length.</exception>
    public static BabyBear4 BuildAux(CompiledAir table, Trace main, Trace? preprocessed, BabyBear[] publics,
        BabyBear4[] challenges, BabyBear[] aux) => BuildAux(table, main, preprocessed, publics, challenges, aux, table.InteractionProgram);

    /// <summary>
    /// As <see cref="BuildAux(CompiledAir, Trace, Trace?, BabyBear[], BabyBear4[], BabyBear[])"/>,
    /// reading the interactions with <paramref name="program"/>: the table's interaction program,
    /// or a copy remapped to a trace of only the columns it reads.
    /// </summary>
    internal static BabyBear4 BuildAux(CompiledAir table, Trace main, Trace? preprocessed, BabyBear[] publics,
        BabyBear4[] challenges, BabyBear[] aux, ConstraintProgram program)
    {
        ArgumentNullException.ThrowIfNull(aux);
        var n = main.Height;
        var width = table.LogUpGroups.Length;
        if (aux.Length != n * width * 4)
        {
            throw new ArgumentException($"The aux trace of {n} rows needs {n * width * 4} base cells; got {aux.Length}.", nameof(aux));
        }

        var block = Math.Min(n, AuxBlock);
        var blocks = n / block;
        var totals = new BabyBear4[blocks];
        var zero = 0;
        Parallel.For(0, blocks, blk =>
        {
            if (!BuildBlock(table, program, main, preprocessed, publics, challenges, Cells(aux), blk * block, block, out totals[blk]))
            {
                Volatile.Write(ref zero, 1);
            }
        });

        if (zero != 0)
        {
            throw new InvalidOperationException("A LogUp denominator is zero; draw new challenges.");
        }

        var offsets = new BabyBear4[blocks];
        for (var blk = 1; blk < blocks; blk++)
        {
            offsets[blk] = offsets[blk - 1] + totals[blk - 1];
        }

        var sum = offsets[blocks - 1] + totals[blocks - 1];
        var share = SumShare(sum, int.Log2(n));
        Parallel.For(0, blocks, blk =>
        {
            var cells = Cells(aux);
            var offset = offsets[blk] - (share * BabyBear.FromUInt32((uint)(blk * block)));
            for (var row = blk * block; row < (blk + 1) * block; row++)
            {
                cells[(row * width) + width - 1] += offset;
                offset -= share;
            }
        });

        return sum;
    }

    // One block of rows; false if a denominator is zero.
    private static bool BuildBlock(CompiledAir table, ConstraintProgram program, Trace main, Trace? preprocessed, BabyBear[] publics,
        BabyBear4[] challenges, Span<BabyBear4> aux, int r0, int rows, out BabyBear4 total)
    {
        var interactions = table.Interactions;
        var groups = table.LogUpGroups;
        var width = groups.Length;
        var k = interactions.Count;
        var valuesArray = ArrayPool<BabyBear>.Shared.Rent(program.Nodes.Length * rows);
        var termsArray = ArrayPool<BabyBear4>.Shared.Rent(k * rows);
        try
        {
            var values = valuesArray.AsSpan(0, program.Nodes.Length * rows);
            var terms = termsArray.AsSpan(0, k * rows);
            program.EvalBaseBlock(main, preprocessed, publics, r0, rows, values);

            // terms[i·rows + row] = α − fold(tuple_i(row)), then its inverse times the multiplicity.
            var root = 0;
            for (var i = 0; i < k; i++)
            {
                var it = interactions[i];
                root++; // the multiplicity
                var den = terms.Slice(i * rows, rows);
                den.Fill(challenges[Alpha] - BabyBear.FromUInt32((uint)table.BusIds[i]));
                for (var j = 0; j < it.Tuple.Count; j++)
                {
                    BabyBear4Vector.SubScaledBase(den, challenges[j + 1], values.Slice(program.Roots[root++] * rows, rows));
                }
            }

            if (!TryBatchInverse(terms))
            {
                total = default;
                return false;
            }

            root = 0;
            for (var i = 0; i < k; i++)
            {
                var term = terms.Slice(i * rows, rows);
                BabyBear4Vector.MulBase(term, values.Slice(program.Roots[root] * rows, rows), term);
                root += 1 + interactions[i].Tuple.Count;
            }

            // Each helper column, summed over rows in place of its group's first term (negated
            // first if that is a receive), then every helper into the first one's sum for the
            // running sum's steps: span operations, not a scalar loop over every term of a row.
            var helpers = new int[groups.Length];
            for (var g = 0; g < groups.Length; g++)
            {
                var members = groups[g].Interactions;
                var h = terms.Slice(members[0] * rows, rows);
                helpers[g] = members[0];
                if (!interactions[members[0]].IsSend)
                {
                    for (var row = 0; row < rows; row++)
                    {
                        h[row] = -h[row];
                    }
                }

                for (var m = 1; m < members.Length; m++)
                {
                    var term = terms.Slice(members[m] * rows, rows);
                    if (interactions[members[m]].IsSend)
                    {
                        BabyBear4Vector.Add(h, term, h);
                    }
                    else
                    {
                        BabyBear4Vector.Sub(h, term, h);
                    }
                }
            }

            var stepsArray = ArrayPool<BabyBear4>.Shared.Rent(rows);
            try
            {
                var steps = stepsArray.AsSpan(0, rows);
                terms.Slice(helpers[0] * rows, rows).CopyTo(steps);
                for (var g = 1; g < groups.Length; g++)
                {
                    BabyBear4Vector.Add(steps, terms.Slice(helpers[g] * rows, rows), steps);
                }

                // The block-local running sum is exclusive: a row's cell holds the steps before it.
                var running = BabyBear4.Zero;
                for (var row = 0; row < rows; row++)
                {
                    var cells = aux.Slice((r0 + row) * width, width);
                    for (var g = 0; g < width - 1; g++)
                    {
                        cells[g] = terms[(helpers[g] * rows) + row];
                    }

                    cells[width - 1] = running;
                    running += steps[row];
                }

                total = running;
                return true;
            }
            finally
            {
                ArrayPool<BabyBear4>.Shared.Return(stepsArray);
            }
        }
        finally
        {
            ArrayPool<BabyBear>.Shared.Return(valuesArray);
            ArrayPool<BabyBear4>.Shared.Return(termsArray);
        }
    }

    private static Span<BabyBear4> Cells(BabyBear[] aux) => MemoryMarshal.Cast<BabyBear, BabyBear4>(aux.AsSpan());

    private static bool TryBatchInverse(Span<BabyBear4> values)
    {
        try
        {
            BatchInversion.Invert(values, values);
            return true;
        }
        catch (ZeroElementException)
        {
            return false;
        }
    }

    /// <summary>Inverts every element in place with one field inversion (Montgomery's trick).</summary>
    /// <exception cref="InvalidOperationException">An element is zero.</exception>
    public static void BatchInverse(Span<BabyBear4> values)
    {
        try
        {
            BatchInversion.Invert(values, values);
        }
        catch (ZeroElementException e)
        {
            throw new InvalidOperationException("A LogUp denominator is zero; draw new challenges.", e);
        }
    }

    private static Expr Challenge(int index) => Expr.Leaf(ExprKind.Challenge, index, 0, true, 0);

    private static Expr Aux(int column, int offset) => Expr.Leaf(ExprKind.Aux, column, offset, true, 1);
}
