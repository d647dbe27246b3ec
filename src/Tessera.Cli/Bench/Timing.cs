using System.Diagnostics;

namespace Tessera.Cli.Bench;

/// <summary>Stopwatch timing for whole-kernel figures: warm up, then the best of many short trials.</summary>
internal static class Timing
{
    /// <summary>
    /// Seconds per call of <paramref name="body"/>: warmed up for <paramref name="warmupSeconds"/> so
    /// that the JIT's optimised code runs, then the fastest of short trials (about 2 ms of calls
    /// each, or one call if a call is longer) filling <paramref name="budgetSeconds"/> (one trial at least, for kernels slower than the budget).
    /// </summary>
    /// <remarks>
    /// The best, not the mean, of short trials, because a shared machine only ever adds time: on a
    /// 2-core machine under a load of 40, 100 ms trials came out 10× slow while 2 ms trials still
    /// found undisturbed slices.
    /// </remarks>
    public static double BestSecondsPerCall(Action body, double warmupSeconds, double budgetSeconds)
    {
        var sw = Stopwatch.StartNew();
        var calls = 0;
        do
        {
            body();
            calls++;
        }
        while (sw.Elapsed.TotalSeconds < warmupSeconds);

        var perCall = sw.Elapsed.TotalSeconds / calls;
        var reps = Math.Max(1, (int)Math.Min(1_000_000, 0.002 / perCall));
        var trials = Math.Clamp((int)(budgetSeconds / (reps * perCall)), 1, 500);
        var best = double.PositiveInfinity;
        for (var t = 0; t < trials; t++)
        {
            sw.Restart();
            for (var r = 0; r < reps; r++)
            {
                body();
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
        }

        return best;
    }
}
