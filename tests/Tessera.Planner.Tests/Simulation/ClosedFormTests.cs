using Tessera.Network.Scheduling;
using Tessera.Planner.Planning;
using Tessera.Planner.Simulation;

namespace Tessera.Planner.Tests.Simulation;

/// <summary>With no adversaries, no churn and identical nodes the simulation is the closed form.</summary>
public class ClosedFormTests
{
    [Theory]
    [InlineData(168, 168)]
    [InlineData(168, 200)]
    [InlineData(168, 50)]
    [InlineData(168, 7)]
    [InlineData(355, 100)]
    public void Makespan_is_rounds_times_seconds_per_segment(int segments, int nodes)
    {
        var result = NetworkSimulator.Run(SimulationScenarios.Ideal(nodes, segments));
        var rounds = (segments + nodes - 1) / nodes;
        Assert.Equal(1, result.JobsCompleted);
        Assert.Equal(rounds * 249.0, result.Makespan.Max, 6);
        Assert.Equal(segments * 249 / 3600.0, result.UsefulNodeHours, 6);
        Assert.Equal(1.0, result.WorkFactor, 9);
        Assert.Equal(0, result.Stalls);
    }

    [Fact]
    public void The_simulated_makespan_matches_the_plan()
    {
        var plan = CapacityPlanner.Plan(SimulationScenarios.Profile, new PlanRequest { UserCycles = 65_560_000, NodeMemoryBytes = 4L << 30, Nodes = 100 });
        foreach (var p in plan.Candidates.Where(c => c.Feasible))
        {
            var result = NetworkSimulator.Run(SimulationScenarios.Ideal(100, (int)p.Segments, p.Po2));
            Assert.Equal(p.MakespanSeconds, result.Makespan.Max, 6);
        }
    }

    [Fact]
    public void Fixed_replication_of_5_costs_5_times_the_work_and_no_time()
    {
        var result = NetworkSimulator.Run(SimulationScenarios.Ideal(840, 168) with { Policy = SchedulingPolicy.Replicate(5) });
        Assert.Equal(249.0, result.Makespan.Max, 6);
        Assert.Equal(5.0, result.WorkFactor, 6);
    }

    [Fact]
    public void Wires_add_record_transfer_receipt_transfer_and_verification_to_each_round()
    {
        var wired = SimulationScenarios.Ideal(10, 20) with
        {
            LatencySeconds = Distribution.Fixed(0.1),
            BandwidthBytesPerSecond = Distribution.Fixed(1_000_000),
            RecordBytes = 2_000_000,
            ReceiptBytes = 500_000,
            VerifySeconds = 0.4,
        };
        var result = NetworkSimulator.Run(wired);
        var round = 0.1 + 2 + 249 + 0.1 + 0.5 + 0.4;
        Assert.Equal(2 * round, result.Makespan.Max, 6);
    }
}
