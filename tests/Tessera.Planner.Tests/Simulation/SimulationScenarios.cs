using Tessera.Network.Scheduling;
using Tessera.Planner.Profiles;
using Tessera.Planner.Simulation;
using Tessera.Planner.Units;

namespace Tessera.Planner.Tests.Simulation;

/// <summary>Scenarios the simulator tests share.</summary>
internal static class SimulationScenarios
{
    public static readonly ProverProfile Profile = ProfileStore.RiscZero;

    /// <summary>Identical honest nodes, no churn, free and instant wires: the closed form's world.</summary>
    public static SimulationOptions Ideal(int nodes, int segments, int po2 = 19) => new()
    {
        Profile = Profile,
        Po2 = po2,
        SegmentsPerJob = segments,
        Nodes = nodes,
        LatencySeconds = Distribution.Fixed(0),
        RecordBytes = 0,
        ReceiptBytes = 0,
        VerifySeconds = 0,
    };

    /// <summary>Everything at once: mixed speeds and memories, adversaries, churn, several rollups.</summary>
    public static SimulationOptions Messy(int seed) => new()
    {
        Profile = Profile,
        Po2 = 17,
        SegmentsPerJob = 60,
        Nodes = 300,
        Seed = seed,
        Duration = TimeSpan.FromMinutes(30),
        Rollups = 3,
        BlockInterval = TimeSpan.FromMinutes(5),
        Policy = SchedulingPolicy.Adaptive,
        Speed = Distribution.Parse("lognormal:1:0.3"),
        MemoryBytes = Distribution.Parse("choice:1GB=1,2GB=2,4GB=1", v => ByteSize.Parse(v)),
        LatencySeconds = Distribution.Parse("uniform:0.01:0.2"),
        AdversarialFraction = 0.5,
        MeanUptime = TimeSpan.FromMinutes(20),
        MeanDowntime = TimeSpan.FromMinutes(5),
        ArrivalsPerHour = 30,
    };
}
