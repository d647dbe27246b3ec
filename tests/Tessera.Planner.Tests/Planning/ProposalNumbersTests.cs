using Tessera.Planner.Planning;
using Tessera.Planner.Profiles;

namespace Tessera.Planner.Tests.Planning;

/// <summary>The plan reproduces the proposal's conclusion from the RISC Zero 1.0.1 profile.</summary>
public class ProposalNumbersTests
{
    private const long UserCycles = 65_560_000;
    private const long FourGb = 4L << 30;

    private static readonly ProverProfile Profile = ProfileStore.RiscZero;

    [Fact]
    public void At_4_GB_the_best_po2_is_19_and_168_nodes_prove_the_block_in_about_4_minutes()
    {
        var plan = CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = UserCycles, NodeMemoryBytes = FourGb });
        Assert.Equal(PlanObjective.Work, plan.Objective);
        Assert.Equal(19, plan.Best.Po2);
        Assert.Equal(168, plan.Best.Segments);
        Assert.Equal(1.047, plan.Best.Inflation);
        Assert.Equal(168, plan.Best.Nodes);
        Assert.Equal(249, plan.Best.MakespanSeconds);
        Assert.InRange(plan.Best.MakespanSeconds / 60, 4, 4.2);
        Assert.Equal(168 * 249 / 3600.0, plan.Best.NodeHours, 9);
        Assert.False(plan.Candidates.Single(c => c.Po2 == 20).Feasible);
    }

    [Fact]
    public void Every_timed_po2_gets_the_proposal_s_segments_and_seconds()
    {
        var plan = CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = UserCycles, NodeMemoryBytes = 8L << 30 });
        Assert.Equal([15, 16, 17, 18, 19, 20], plan.Candidates.Select(c => c.Po2));
        Assert.Equal([16_808L, 2_174, 801, 355, 168, 82], plan.Candidates.Select(c => c.Segments));
        Assert.Equal([6.57, 1.70, 1.25, 1.107, 1.047, 1.019], plan.Candidates.Select(c => c.Inflation!.Value));
        Assert.Equal([14.0, 28, 58, 119, 249, 534], plan.Candidates.Select(c => c.SecondsPerSegment));
        Assert.Equal([256L << 20, 512L << 20, 1L << 30, 2L << 30, 4L << 30, 8L << 30], plan.Candidates.Select(c => c.PeakMemoryBytes));
    }

    [Fact]
    public void Replicating_every_segment_5_times_needs_840_nodes()
    {
        var plan = CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = UserCycles, NodeMemoryBytes = FourGb, Redundancy = RedundancyPolicy.Parse("fixed:5") });
        Assert.Equal(19, plan.Best.Po2);
        Assert.Equal(840, plan.Best.Proofs);
        Assert.Equal(840, plan.Best.Nodes);
        Assert.Equal(249, plan.Best.MakespanSeconds);
    }

    [Fact]
    public void Ten_thousand_nodes_carry_11_such_L2s_side_by_side_which_the_proposal_rounds_to_up_to_10()
    {
        var plan = CapacityPlanner.Plan(Profile, new PlanRequest
        {
            UserCycles = UserCycles,
            NodeMemoryBytes = FourGb,
            Nodes = 10_000,
            Redundancy = RedundancyPolicy.Parse("fixed:5"),
            Po2 = 19,
        });
        var p = plan.Best;
        Assert.Equal(11, p.ConcurrentJobs);
        Assert.True(p.ConcurrentJobs >= 10);
        Assert.Equal(249, p.MakespanSeconds);
        Assert.Equal(10_000 * 3600.0 / (840 * 249), p.JobsPerHour!.Value, 9);
    }

    [Fact]
    public void With_many_nodes_the_fastest_po2_is_picked()
    {
        var plan = CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = UserCycles, NodeMemoryBytes = FourGb, Nodes = 10_000, Redundancy = RedundancyPolicy.Parse("fixed:5") });
        Assert.Equal(PlanObjective.Time, plan.Objective);
        // po2 16: 10,870 proofs on 10,000 nodes is two rounds of 28 s, faster than one round at po2 17 (58 s).
        Assert.Equal(16, plan.Best.Po2);
        Assert.Equal(2, plan.Best.Rounds);
        Assert.Equal(56, plan.Best.MakespanSeconds);
    }

    [Fact]
    public void A_deadline_gives_the_fewest_nodes_that_meet_it()
    {
        var plan = CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = UserCycles, NodeMemoryBytes = FourGb, DeadlineSeconds = 300 });
        Assert.Equal(PlanObjective.Nodes, plan.Objective);
        // po2 17: five rounds of 58 s fit in 5 min; ⌈801 / 5⌉ = 161 nodes, fewer than the 168 of po2 19.
        Assert.Equal(17, plan.Best.Po2);
        Assert.Equal(161, plan.Best.Nodes);
        Assert.Equal(290, plan.Best.MakespanSeconds);
        Assert.Equal(168, plan.Candidates.Single(c => c.Po2 == 19).Nodes);
    }

    [Fact]
    public void A_deadline_shorter_than_one_segment_excludes_that_po2()
    {
        var plan = CapacityPlanner.Plan(Profile, new PlanRequest { UserCycles = UserCycles, NodeMemoryBytes = FourGb, DeadlineSeconds = 240 });
        var p19 = plan.Candidates.Single(c => c.Po2 == 19);
        Assert.False(p19.Feasible);
        Assert.Contains("longer than the deadline", p19.Reason, StringComparison.Ordinal);
        Assert.NotEqual(19, plan.Best.Po2);
    }
}
