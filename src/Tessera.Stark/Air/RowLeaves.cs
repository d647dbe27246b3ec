using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>Fills row leaves from traces, with the next row wrapping to the first.</summary>
internal static class RowLeaves
{
    public static void Fill(BaseLeaves leaves, Trace main, Trace? preprocessed, int row)
    {
        var n = main.Height;
        var next = (row + 1) & (n - 1);
        Copy(main, row, leaves.MainLocal, a => leaves.MainLocal = a);
        Copy(main, next, leaves.MainNext, a => leaves.MainNext = a);
        if (preprocessed is not null)
        {
            Copy(preprocessed, row, leaves.PreprocessedLocal, a => leaves.PreprocessedLocal = a);
            Copy(preprocessed, next, leaves.PreprocessedNext, a => leaves.PreprocessedNext = a);
        }

        leaves.IsFirstRow = row == 0 ? BabyBear.One : BabyBear.Zero;
        leaves.IsLastRow = row == n - 1 ? BabyBear.One : BabyBear.Zero;
        leaves.IsTransition = row == n - 1 ? BabyBear.Zero : BabyBear.One;
    }

    private static void Copy(Trace t, int row, BabyBear[] dst, Action<BabyBear[]> replace)
    {
        if (dst.Length != t.Width)
        {
            dst = new BabyBear[t.Width];
            replace(dst);
        }

        t.Row(row).CopyTo(dst);
    }
}
