using Tessera.Field;

namespace Tessera.Poly;

/// <summary>
/// Per-stage twiddle tables, built once per size and shared by every transform: the table for
/// stage m = 2^s holds ω_m^i for i &lt; m/2 in Montgomery form, contiguous, so that the single-column
/// kernels load twiddles as whole vectors and the row kernels walk them in order.
/// </summary>
/// <remarks>
/// Tables live on the pinned object heap so kernels can keep raw pointers to them across
/// <see cref="Parallel"/> bodies. The tables for all stages up to 2^s together hold 2^s entries.
/// </remarks>
internal static unsafe class Twiddles
{
    private static readonly BabyBear[]?[] ForwardTables = new BabyBear[]?[BabyBear.TwoAdicity + 1];
    private static readonly BabyBear[]?[] InverseTables = new BabyBear[]?[BabyBear.TwoAdicity + 1];

    /// <summary>The table for stage 2^<paramref name="logM"/> (1 ≤ logM ≤ 27), forward or inverse roots.</summary>
    public static BabyBear[] Get(int logM, bool inverse)
    {
        var tables = inverse ? InverseTables : ForwardTables;
        var t = Volatile.Read(ref tables[logM]);
        if (t is not null)
        {
            return t;
        }

        t = Build(logM, inverse);
        return Interlocked.CompareExchange(ref tables[logM], t, null) ?? t;
    }

    /// <summary>Pointer to the (pinned) table for stage 2^<paramref name="logM"/>.</summary>
    public static uint* Pointer(int logM, bool inverse)
    {
        var t = Get(logM, inverse);
        fixed (BabyBear* p = t)
        {
            return (uint*)p; // the array is pinned for its whole life, so the address stays valid
        }
    }

    private static BabyBear[] Build(int logM, bool inverse)
    {
        var half = 1 << (logM - 1);
        var w = BabyBear.TwoAdicGenerator(logM);
        if (inverse)
        {
            w = w.Inverse();
        }

        var t = GC.AllocateUninitializedArray<BabyBear>(half, pinned: true);
        var x = BabyBear.One;
        for (var i = 0; i < half; i++)
        {
            t[i] = x;
            x *= w;
        }

        return t;
    }
}
