using System.Text.Json;

using Tessera.Planner.Simulation;

namespace Tessera.Planner.Tests.Simulation;

/// <summary>A run is a pure function of its options and seed.</summary>
public class DeterminismTests
{
    [Fact]
    public void The_same_seed_gives_the_same_result()
    {
        var a = NetworkSimulator.Run(SimulationScenarios.Messy(7));
        var b = NetworkSimulator.Run(SimulationScenarios.Messy(7));
        Assert.True(a.JobsCompleted > 0);
        Assert.True(a.Churn.Leaves + a.Churn.Crashes > 0);
        Assert.Equal(JsonSerializer.Serialize(a), JsonSerializer.Serialize(b));
    }

    [Fact]
    public void Another_seed_gives_another_run()
    {
        var a = NetworkSimulator.Run(SimulationScenarios.Messy(7));
        var b = NetworkSimulator.Run(SimulationScenarios.Messy(8));
        Assert.NotEqual(a.Makespans, b.Makespans);
    }
}
