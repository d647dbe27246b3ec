using Tessera.Planner.Profiles;

namespace Tessera.Planner.Tests.Profiles;

/// <summary>The shipped RISC Zero 1.0.1 profile holds exactly the proposal's figures.</summary>
public class RiscZeroProfileTests
{
    private const long UserCycles = 65_560_000;

    private static readonly ProverProfile Profile = ProfileStore.RiscZero;

    [Fact]
    public void Is_shipped_and_names_its_machine()
    {
        Assert.Contains("risc0-1.0.1-i7-5500u", ProfileStore.Shipped);
        Assert.Contains("i7-5500U", Profile.Machine.Cpu, StringComparison.Ordinal);
        Assert.Equal(2, Profile.Machine.Cores);
        Assert.Equal(16L << 30, Profile.Machine.MemoryBytes);
    }

    [Fact]
    public void Memory_doubles_per_po2_from_64_MB_at_13_to_128_GB_at_24()
    {
        Assert.Equal(Enumerable.Range(13, 12), Profile.Costs.Select(c => c.Po2));
        foreach (var cost in Profile.Costs)
        {
            Assert.Equal((64L << 20) << (cost.Po2 - 13), cost.PeakMemoryBytes);
        }

        Assert.Equal(4L << 30, Profile.Cost(19)!.PeakMemoryBytes);
        Assert.Equal(128L << 30, Profile.Cost(24)!.PeakMemoryBytes);
    }

    [Theory]
    [InlineData(15, 14)]
    [InlineData(16, 28)]
    [InlineData(17, 58)]
    [InlineData(18, 119)]
    [InlineData(19, 249)]
    [InlineData(20, 534)]
    public void Seconds_per_segment(int po2, double seconds) => Assert.Equal(seconds, Profile.Cost(po2)!.SecondsPerSegment);

    [Fact]
    public void Only_po2_15_to_20_were_timed()
    {
        Assert.Equal(Enumerable.Range(15, 6), Profile.Costs.Where(c => c.SecondsPerSegment is not null).Select(c => c.Po2));
    }

    [Theory]
    [InlineData(15, 16_808, 6.57)]
    [InlineData(16, 2_174, 1.70)]
    [InlineData(17, 801, 1.25)]
    [InlineData(18, 355, 1.107)]
    [InlineData(19, 168, 1.047)]
    [InlineData(20, 82, 1.019)]
    [InlineData(21, 41, null)]
    [InlineData(22, 20, null)]
    [InlineData(23, 10, null)]
    [InlineData(24, 5, null)]
    public void The_90_M_cycle_guest_cuts_into_the_proposal_s_segments(int po2, long segments, double? inflation)
    {
        Assert.Equal(UserCycles, Profile.Inflation.UserCycles);
        Assert.Equal(segments, Profile.Inflation.Segments(UserCycles, po2));
        Assert.Equal(inflation, Profile.Inflation.At(po2)!.Inflation);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    public void Segment_counts_are_not_total_cycles_over_po2_segments_are_78_percent_full(int po2)
    {
        // user × inflation / 2^po2 undercounts by about 1.28× at every po2: the count is data, not a formula.
        var full = UserCycles * Profile.Inflation.At(po2)!.Inflation!.Value / Math.Pow(2, po2);
        Assert.True(Profile.Inflation.Segments(UserCycles, po2) > full * 1.27);
        Assert.InRange(Profile.Inflation.Fill(po2)!.Value, 0.77, 0.79);
    }

    [Fact]
    public void Other_workloads_scale_by_user_cycles_rounding_up()
    {
        Assert.Equal(336, Profile.Inflation.Segments(2 * UserCycles, 19));
        Assert.Equal(1, Profile.Inflation.Segments(1, 19));
        Assert.Equal(169, Profile.Inflation.Segments(UserCycles + 1, 19));
        Assert.Null(Profile.Inflation.Segments(UserCycles, 14));
    }
}
