namespace Tessera.Planner.Simulation;

/// <summary>A sample of durations in seconds, summarised.</summary>
/// <param name="Count">Samples.</param>
/// <param name="Mean">Mean.</param>
/// <param name="Min">Smallest.</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Largest.</param>
public sealed record Summary(int Count, double Mean, double Min, double P50, double P90, double P99, double Max)
{
    /// <summary>No samples.</summary>
    public static Summary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Summarises <paramref name="values"/> (nearest-rank percentiles).</summary>
    public static Summary Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Summary(sorted.Length, sorted.Average(), sorted[0], Rank(0.5), Rank(0.9), Rank(0.99), sorted[^1]);
    }
}
