using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>Fills row leaves from traces, with the next row wrapping to the first.</summary>
internal static class RowLeaves
{
    public static void Fill(BaseLeaves leaves, Trace main, Trace? preprocessed, int row)
    {
        var n = main.Height;
        var next = (row + 1) & (n - 1);
        leaves.MainLocal = Copy(main, row, leaves.MainLocal);
        leaves.MainNext = Copy(main, next, leaves.MainNext);
        if (preprocessed is not null)
        {
            leaves.PreprocessedLocal = Copy(preprocessed, row, leaves.PreprocessedLocal);
            leaves.PreprocessedNext = Copy(preprocessed, next, leaves.PreprocessedNext);
        }

        leaves.IsFirstRow = row == 0 ? BabyBear.One : BabyBear.Zero;
        leaves.IsLastRow = row == n - 1 ? BabyBear.One : BabyBear.Zero;
        leaves.IsTransition = row == n - 1 ? BabyBear.Zero : BabyBear.One;
    }

    // Reuses dst when it has the trace's width, so a row loop allocates only on its first row.
    private static BabyBear[] Copy(Trace t, int row, BabyBear[] dst)
    {
        if (dst.Length != t.Width)
        {
            dst = new BabyBear[t.Width];
        }

        t.Row(row).CopyTo(dst);
        return dst;
    }
}
