using System.Reflection;

using Tessera.Network.Scheduling;
using Tessera.Planner.Simulation;

namespace Tessera.Planner.Tests.Simulation;

/// <summary>The simulator drives the live network's scheduler; the Planner holds no policy of its own.</summary>
public class OneSchedulerTests
{
    [Fact]
    public void The_simulator_holds_the_network_s_SegmentScheduler()
    {
        var fields = typeof(NetworkSimulator).GetFields(BindingFlags.Instance | BindingFlags.NonPublic);
        var scheduler = Assert.Single(fields, f => f.FieldType == typeof(SegmentScheduler));
        Assert.Equal("Tessera.Network", scheduler.FieldType.Assembly.GetName().Name);
        Assert.Contains(typeof(NetworkSimulator).Assembly.GetReferencedAssemblies(), a => a.Name == "Tessera.Network");
    }

    [Fact]
    public void No_Planner_type_is_a_scheduler_or_makes_scheduling_decisions()
    {
        var planner = typeof(NetworkSimulator).Assembly.GetTypes();
        Assert.DoesNotContain(planner, t => t.Name.Contains("Scheduler", StringComparison.Ordinal));
        Assert.DoesNotContain(planner, t => typeof(SchedulerDecision).IsAssignableFrom(t));
    }
}
