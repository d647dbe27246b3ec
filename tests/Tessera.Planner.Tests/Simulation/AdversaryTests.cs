using Tessera.Network.Scheduling;
using Tessera.Planner.Simulation;

namespace Tessera.Planner.Tests.Simulation;

/// <summary>The real scheduler, driven by the simulator, gets jobs through liars, silence and churn.</summary>
public class AdversaryTests
{
    [Theory]
    [InlineData(Behaviour.Garbage, "invalid")]
    [InlineData(Behaviour.Foreign, "foreign")]
    [InlineData(Behaviour.Replayed, "replayed")]
    [InlineData(Behaviour.Silent, "silent")]
    [InlineData(Behaviour.Slow, "late")]
    public void Each_adversary_is_penalised_and_the_job_still_completes(Behaviour behaviour, string offence)
    {
        var options = SimulationScenarios.Ideal(100, 100, po2: 15) with { AdversarialFraction = 0.5, AdversaryBehaviours = [behaviour] };
        var result = NetworkSimulator.Run(options);
        Assert.Equal(1, result.JobsCompleted);
        Assert.True(result.Penalties.GetValueOrDefault(offence) > 0, string.Join(", ", result.Penalties));
        Assert.True(result.Makespan.Max > 14);
    }

    [Fact]
    public void Adaptive_beats_fixed_5_on_work_with_80_percent_adversaries()
    {
        var adaptive = NetworkSimulator.Run(SimulationScenarios.Ideal(500, 100, po2: 15) with { AdversarialFraction = 0.8 });
        var fixed5 = NetworkSimulator.Run(SimulationScenarios.Ideal(500, 100, po2: 15) with { AdversarialFraction = 0.8, Policy = SchedulingPolicy.Replicate(5) });
        Assert.Equal(1, adaptive.JobsCompleted);
        Assert.Equal(1, fixed5.JobsCompleted);
        Assert.True(adaptive.HonestWorkFactor < fixed5.HonestWorkFactor, $"{adaptive.HonestWorkFactor} vs {fixed5.HonestWorkFactor}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void A_lone_job_on_idle_nodes_is_not_speculated_and_its_extra_work_is_the_adversaries_own(double fraction)
    {
        // Idle nodes abound (400+ honest ones for 100 segments): every re-assignment finds a node
        // not yet suspect, so no speculative copy is made. The work beyond one proof per segment is
        // the liars' held-back lies and the slow nodes' runs; the honest nodes pay about one proof each.
        var run = NetworkSimulator.Run(SimulationScenarios.Ideal(2000, 100, po2: 15) with { AdversarialFraction = fraction });
        Assert.Equal(1, run.JobsCompleted);
        Assert.Equal(0, run.Assignments.GetValueOrDefault("speculate"));
        Assert.True(run.WorkFactor > 1.3, $"work x{run.WorkFactor:F2}");
        Assert.InRange(run.HonestWorkFactor, 0.5, 1.05);
    }

    [Fact]
    public void Churn_with_crashes_and_leaves_does_not_lose_a_job()
    {
        var options = SimulationScenarios.Ideal(50, 40, po2: 16) with
        {
            MeanUptime = TimeSpan.FromMinutes(2),
            MeanDowntime = TimeSpan.FromMinutes(1),
            CrashShare = 0.5,
        };
        var result = NetworkSimulator.Run(options);
        Assert.Equal(1, result.JobsCompleted);
        Assert.True(result.Churn.Crashes > 0 && result.Churn.Leaves > 0);
        Assert.True(result.Assignments.GetValueOrDefault("reassign") + result.Assignments.GetValueOrDefault("hedge") > 0);
    }

    [Fact]
    public void A_po2_no_node_can_hold_stalls_and_is_reported_unfinished()
    {
        var options = SimulationScenarios.Ideal(10, 5) with { MemoryBytes = Distribution.Fixed(1L << 30) };
        var result = NetworkSimulator.Run(options);
        Assert.Equal(0, result.JobsCompleted);
        Assert.True(result.Stalls > 0);
    }

    [Fact]
    public void An_untimed_po2_is_refused() =>
        Assert.Throws<SimulationException>(() => NetworkSimulator.Run(SimulationScenarios.Ideal(10, 5, po2: 22)));
}
