using Tessera.Cli.Bench;

namespace Tessera.Cli.Tests;

public class PairedStatsTests
{
    [Fact]
    public void Median_and_order_statistic_interval()
    {
        // 8 samples: [x_(2), x_(7)] covers the median with probability 1 − 2·9/256 ≈ 0.93.
        var (median, low, high, confidence) = PairedStats.Median([9, 1, 8, 2, 7, 3, 6, 100]);
        Assert.Equal(6.5, median);
        Assert.Equal(2, low);
        Assert.Equal(9, high);
        Assert.Equal(1 - (2 * 9 / 256.0), confidence, 12);
    }

    [Fact]
    public void Few_samples_give_the_whole_range_at_a_lower_confidence()
    {
        var (median, low, high, confidence) = PairedStats.Median([3, 1, 2]);
        Assert.Equal(2, median);
        Assert.Equal(1, low);
        Assert.Equal(3, high);
        Assert.Equal(0.75, confidence, 12);
        Assert.Throws<ArgumentException>(() => PairedStats.Median([]));
    }

    [Fact]
    public void Grinding_is_replaced_by_the_groups_median()
    {
        var g = new GroupResult(10, ["a", "b"], [[10, 12], [20, 20]], [[5, 6], [9, 9]], [[1, 3], [2, 8]], [[0, 1], [1, 4]]);
        var wall = g.AdjustedMs(cpu: false);
        // Median grinding 2.5 ms (of 1, 3, 2, 8).
        Assert.Equal([11.5, 11.5], wall[0]);
        Assert.Equal([20.5, 14.5], wall[1]);
    }
}
