using System.Diagnostics;

namespace Tessera.Cli.Bench;

/// <summary>Stopwatch timing for whole-kernel figures: warm up, then the best of several trials.</summary>
internal static class Timing
{
    /// <summary>
    /// Seconds per call of <paramref name="body"/>: warmed up until the JIT's optimised code runs,
    /// then the fastest of <paramref name="trials"/> trials of about <paramref name="trialSeconds"/>
    /// each. The best, not the mean, because a shared machine only ever adds time.
    /// </summary>
    public static double BestSecondsPerCall(Action body, int trials, double trialSeconds)
    {
        var sw = Stopwatch.StartNew();
        var calls = 0;
        do
        {
            body();
            calls++;
        }
        while (calls < 3 || sw.Elapsed.TotalSeconds < trialSeconds);

        var perCall = sw.Elapsed.TotalSeconds / calls;
        var reps = Math.Max(1, (int)Math.Min(int.MaxValue, trialSeconds / perCall));
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
