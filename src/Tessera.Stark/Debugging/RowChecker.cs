using Tessera.Field;
using Tessera.Stark.Air;
using Tessera.Stark.Lookup;

namespace Tessera.Stark.Debugging;

/// <summary>
/// Evaluates a table's full constraint list (AIR and LogUp) row by row in the extension field,
/// given the aux trace and challenges: the engine's own check that its LogUp columns are right.
/// </summary>
internal static class RowChecker
{
    /// <summary>The first (row, constraint) that does not vanish, or null.</summary>
    public static (int Row, int Constraint)? FirstFailure(CompiledAir table, TableWitness w, BabyBear4[] aux,
        BabyBear4[] challenges, BabyBear4 cumulativeSum)
    {
        var program = table.Program;
        var n = w.Main.Height;
        var auxWidth = table.AuxWidth;
        var pre = table.Preprocessed;
        var scratch = new BabyBear4[program.Nodes.Length];
        var values = new BabyBear4[program.Roots.Length];
        var leaves = new ExtLeaves
        {
            Publics = w.Publics,
            Challenges = challenges,
            SumShare = LogUp.SumShare(cumulativeSum, w.Main.LogHeight),
        };
        for (var row = 0; row < n; row++)
        {
            var next = (row + 1) & (n - 1);
            leaves.MainLocal = Lift(w.Main.Row(row));
            leaves.MainNext = Lift(w.Main.Row(next));
            if (pre is not null)
            {
                leaves.PreprocessedLocal = Lift(pre.Row(row));
                leaves.PreprocessedNext = Lift(pre.Row(next));
            }

            leaves.AuxLocal = aux.AsSpan(row * auxWidth, auxWidth).ToArray();
            leaves.AuxNext = aux.AsSpan(next * auxWidth, auxWidth).ToArray();
            leaves.IsFirstRow = row == 0 ? BabyBear4.One : BabyBear4.Zero;
            leaves.IsLastRow = row == n - 1 ? BabyBear4.One : BabyBear4.Zero;
            leaves.IsTransition = row == n - 1 ? BabyBear4.Zero : BabyBear4.One;
            program.EvalExt(leaves, scratch, values);
            for (var c = 0; c < values.Length; c++)
            {
                if (!values[c].IsZero)
                {
                    return (row, c);
                }
            }
        }

        return null;
    }

    private static BabyBear4[] Lift(ReadOnlySpan<BabyBear> row)
    {
        var r = new BabyBear4[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            r[i] = row[i];
        }

        return r;
    }
}
