using Tessera.Stark.Fri;
using Tessera.Stark.Prover;
using Tessera.Stark.Synthetic;

namespace Tessera.Stark.Tests;

public sealed class ProverMemoryTests
{
    // Three shapes at three sizes: one wide table, a table with a bus, four tables of two heights
    // with buses and a degree-3 quotient.
    public static TheoryData<int, int> Cases => new() { { 0, 14 }, { 1, 15 }, { 2, 16 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictedPoolMatchesWhatTheProverRents(int shape, int log)
    {
        CostModelAir[] airs = shape switch
        {
            0 => [new CostModelAir("a", 96, 0, 0, 0)],
            1 => [new CostModelAir("a", 64, 8, 0, 5)],
            _ => [new CostModelAir("a", 40, 0, 40, 3), new CostModelAir("b", 30, 0, 30, 0), new CostModelAir("c", 20, 5, 0, 9), new CostModelAir("d", 8, 0, 8, 1)],
        };
        var logs = airs.Select((_, i) => log - (i % 2)).ToArray();
        var m = new Machine(airs);
        var p = ProofParameters.Default;
        var w = airs.Select((a, i) => a.Witness(logs[i], i)).ToArray();
        _ = StarkProver.Prove(ProvingKey.For(m, p.LogBlowup), w, p, out var rented);
        var predicted = ProverMemory.PooledBytes(m, logs, p);
        Assert.InRange(predicted, rented * 0.97, rented * 1.03);
    }

    [Fact]
    public void LargestPo2FollowsTheBudget()
    {
        // The rv32im-sized table: measured 1 803 MB at 2^19 (docs/PERFORMANCE.md).
        var m = new Machine(new CostModelAir("cpu", 250, 0, 250, 20));
        Assert.Equal(19, ProverMemory.LargestPo2(m, po2 => [po2], 2L << 30));
        Assert.Equal(18, ProverMemory.LargestPo2(m, po2 => [po2], 1L << 30));
        Assert.Null(ProverMemory.LargestPo2(m, po2 => [po2], 1L << 20));
    }
}
