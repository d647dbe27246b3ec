using Tessera.Planner.Planning;
using Tessera.Planner.Profiles;

namespace Tessera.Planner.Tests.Planning;

/// <summary>Requests no plan can meet get a reason, never a wrong answer.</summary>
public class ImpossibleRequestTests
{
    private static readonly ProverProfile Profile = ProfileStore.RiscZero;

    private static PlanError Fails(PlanRequest request) =>
        Assert.Throws<PlanException>(() => CapacityPlanner.Plan(Profile, request)).Kind;

    [Fact]
    public void No_po2_fits_in_128_MB()
    {
        var e = Assert.Throws<PlanException>(() => CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = 65_560_000, NodeMemoryBytes = 128L << 20 }));
        Assert.Equal(PlanError.NoPo2FitsMemory, e.Kind);
        Assert.Contains("po2 15, needs 256 MB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_node_count_meets_a_deadline_shorter_than_the_fastest_segment()
    {
        var e = Assert.Throws<PlanException>(() => CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = 65_560_000, NodeMemoryBytes = 4L << 30, DeadlineSeconds = 10 }));
        Assert.Equal(PlanError.DeadlineUnreachable, e.Kind);
        Assert.Contains("14 s per segment", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_po2_the_profile_did_not_time_is_refused()
    {
        var e = Assert.Throws<PlanException>(() => CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = 1, NodeMemoryBytes = 1L << 40, Po2 = 21 }));
        Assert.Equal(PlanError.Po2NotInProfile, e.Kind);
        Assert.Contains("15, 16, 17, 18, 19, 20", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_requests_are_refused()
    {
        var ok = new PlanRequest { UserCycles = 1000, NodeMemoryBytes = 1L << 32 };
        Assert.Equal(PlanError.InvalidRequest, Fails(ok with { UserCycles = 0 }));
        Assert.Equal(PlanError.InvalidRequest, Fails(ok with { Nodes = 0 }));
        Assert.Equal(PlanError.InvalidRequest, Fails(ok with { Nodes = 10, DeadlineSeconds = 60 }));
        Assert.Equal(PlanError.InvalidRequest, Fails(ok with { DeadlineSeconds = double.NaN }));
        Assert.Equal(PlanError.InvalidRequest, Fails(ok with { Redundancy = RedundancyPolicy.Parse("adaptive") }));
    }
}
