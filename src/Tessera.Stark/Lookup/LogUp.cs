using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Lookup;

/// <summary>
/// LogUp (eprint 2022/1530) for one table. Each interaction contributes ±m/(α − fold(tuple)) per
/// row, with fold(t) = bus + Σ_j β^(j+1)·t_j. Helper columns each hold the sum of a group of such
/// fractions; a running-sum column accumulates all helpers, and its last value is the table's
/// cumulative sum. All aux columns live in the extension field.
/// </summary>
/// <remarks>
/// Challenge 0 is α, challenge j ≥ 1 is β^j (precomputed so tuples fold with base·extension
/// products only). The aux columns are: helper 0 … helper g−1, then the running sum.
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
    public static List<(string Name, Expr Expr)> Constraints(
        IReadOnlyList<Interaction> interactions, LogUpGroup[] groups, IReadOnlyList<int> busIds)
    {
        var result = new List<(string, Expr)>();
        var helperSum = Expr.Zero;
        var helperSumNext = Expr.Zero;
        for (var g = 0; g < groups.Length; g++)
        {
            var members = groups[g].Interactions;
            var dens = members.Select(i => Denominator(interactions[i], busIds[i])).ToArray();
            var h = Aux(g, 0);
            var lhs = h * Expr.Product(dens);
            var rhs = Expr.Zero;
            for (var k = 0; k < members.Length; k++)
            {
                var it = interactions[members[k]];
                var others = Expr.Product(dens.Where((_, j) => j != k));
                var term = it.Multiplicity * others;
                rhs = it.IsSend ? rhs + term : rhs - term;
            }

            result.Add(($"logup helper {g}", lhs - rhs));
            helperSum = g == 0 ? h : helperSum + h;
            helperSumNext = g == 0 ? Aux(g, 1) : helperSumNext + Aux(g, 1);
        }

        var s = Aux(groups.Length, 0);
        var sNext = Aux(groups.Length, 1);
        var first = Expr.Leaf(ExprKind.IsFirstRow, 0, 0, false, 1);
        var last = Expr.Leaf(ExprKind.IsLastRow, 0, 0, false, 1);
        var transition = Expr.Leaf(ExprKind.IsTransition, 0, 0, false, 0);
        var sum = Expr.Leaf(ExprKind.CumulativeSum, 0, 0, true, 0);
        result.Add(("logup running sum starts", first * (s - helperSum)));
        result.Add(("logup running sum steps", transition * (sNext - s - helperSumNext)));
        result.Add(("logup running sum ends at the cumulative sum", last * (s - sum)));
        return result;
    }

    /// <summary>
    /// Builds the aux trace (row-major, <c>groups + 1</c> extension cells per row) and returns the
    /// cumulative sum.
    /// </summary>
    /// <exception cref="InvalidOperationException">A denominator is zero (probability ≈ rows/|F⁴|).</exception>
    public static BabyBear4 BuildAux(CompiledAir table, Trace main, Trace? preprocessed, BabyBear[] publics,
        BabyBear4[] challenges, out BabyBear4[] aux)
    {
        var n = main.Height;
        var interactions = table.Interactions;
        var groups = table.LogUpGroups;
        var width = groups.Length + 1;
        aux = new BabyBear4[n * width];
        var k = interactions.Count;
        var rowSums = new BabyBear4[n];

        // Rows in independent blocks: each evaluates its multiplicities and denominators, inverts
        // its denominators in one batch and writes its helper cells and row sums; only the running
        // sum is sequential.
        var block = Math.Min(n, AuxBlock);
        var auxCells = aux;
        Parallel.For(0, (n + block - 1) / block, blk =>
        {
            var r0 = blk * block;
            var rows = Math.Min(block, n - r0);
            var mult = new BabyBear[rows * k];
            var den = new BabyBear4[rows * k];
            var program = table.InteractionProgram;
            var scratch = new BabyBear[program.Nodes.Length];
            var roots = new BabyBear[program.Roots.Length];
            var leaves = new BaseLeaves { Publics = publics };
            for (var row = 0; row < rows; row++)
            {
                RowLeaves.Fill(leaves, main, preprocessed, r0 + row);
                program.EvalBase(leaves, scratch, roots);
                var r = 0;
                for (var i = 0; i < k; i++)
                {
                    var it = interactions[i];
                    mult[(row * k) + i] = roots[r++];
                    var fold = new BabyBear4(BabyBear.FromUInt32((uint)table.BusIds[i]));
                    for (var j = 0; j < it.Tuple.Count; j++)
                    {
                        fold += challenges[j + 1] * roots[r++];
                    }

                    den[(row * k) + i] = challenges[Alpha] - fold;
                }
            }

            BatchInverse(den);
            for (var row = 0; row < rows; row++)
            {
                var rowSum = BabyBear4.Zero;
                for (var g = 0; g < groups.Length; g++)
                {
                    var h = BabyBear4.Zero;
                    foreach (var i in groups[g].Interactions)
                    {
                        var term = den[(row * k) + i] * mult[(row * k) + i];
                        h = interactions[i].IsSend ? h + term : h - term;
                    }

                    auxCells[((r0 + row) * width) + g] = h;
                    rowSum += h;
                }

                rowSums[r0 + row] = rowSum;
            }
        });

        var running = BabyBear4.Zero;
        for (var row = 0; row < n; row++)
        {
            running += rowSums[row];
            aux[(row * width) + groups.Length] = running;
        }

        return running;
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
