namespace Tessera.Cli.Bench;

/// <summary>Medians of repeated measurements with a confidence interval that assumes nothing of their distribution.</summary>
internal static class PairedStats
{
    /// <summary>The least coverage sought for an interval (reached from 5 samples).</summary>
    public const double Level = 0.9;

    /// <summary>
    /// The median of <paramref name="samples"/> and the interval [x_(k), x_(n+1−k)] of order
    /// statistics around it, k the largest whose coverage of the true median,
    /// 1 − 2·P(Binomial(n, ½) &lt; k), is at least <see cref="Level"/> (k = 1, the whole range,
    /// below 5 samples; <c>Confidence</c> is then less).
    /// </summary>
    /// <exception cref="ArgumentException">No samples.</exception>
    public static (double Median, double Low, double High, double Confidence) Median(IReadOnlyList<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("No samples.", nameof(samples));
        }

        var x = samples.Order().ToArray();
        var n = x.Length;
        var median = n % 2 == 1 ? x[n / 2] : (x[(n / 2) - 1] + x[n / 2]) / 2;
        var k = 1;
        while (k < (n + 1) / 2 && Coverage(n, k + 1) >= Level)
        {
            k++;
        }

        return (median, x[k - 1], x[n - k], Coverage(n, k));
    }

    // 1 − 2·P(B < k) for B ~ Binomial(n, 1/2).
    private static double Coverage(int n, int k)
    {
        var below = 0.0;
        var term = Math.Pow(0.5, n); // P(B = 0)
        for (var i = 0; i < k; i++)
        {
            below += term;
            term *= (double)(n - i) / (i + 1);
        }

        return 1 - (2 * below);
    }
}
