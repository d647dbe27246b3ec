using Tessera.Planner.Planning;
using Tessera.Planner.Units;

namespace Tessera.Planner.Tests.Units;

public class UnitParsingTests
{
    [Theory]
    [InlineData("4GB", 4L << 30)]
    [InlineData("4 GiB", 4L << 30)]
    [InlineData("512mb", 512L << 20)]
    [InlineData("1.5G", 3L << 29)]
    [InlineData("4096", 4096)]
    [InlineData("2TB", 2L << 40)]
    public void Sizes_are_binary(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("4 parsecs")]
    [InlineData("0")]
    [InlineData("-4GB")]
    public void Bad_sizes_are_refused(string text) => Assert.Throws<FormatException>(() => ByteSize.Parse(text));

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("300s", 300)]
    [InlineData("300", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("250ms", 0.25)]
    public void Durations(string text, double seconds) => Assert.Equal(seconds, DurationText.ParseSeconds(text), 9);

    [Theory]
    [InlineData("")]
    [InlineData("5 fortnights")]
    [InlineData("m")]
    [InlineData("0s")]
    public void Bad_durations_are_refused(string text) => Assert.Throws<FormatException>(() => DurationText.ParseSeconds(text));

    [Theory]
    [InlineData("none", false, 1)]
    [InlineData("fixed:5", false, 5)]
    [InlineData("5", false, 5)]
    [InlineData("adaptive", true, 1)]
    public void Redundancy_policies(string text, bool adaptive, int replicas) =>
        Assert.Equal(new RedundancyPolicy(adaptive, replicas), RedundancyPolicy.Parse(text));

    [Theory]
    [InlineData("fixed:0")]
    [InlineData("fixed:-1")]
    [InlineData("lots")]
    public void Bad_redundancy_is_refused(string text) => Assert.Throws<FormatException>(() => RedundancyPolicy.Parse(text));
}
