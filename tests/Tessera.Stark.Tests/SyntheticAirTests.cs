using Tessera.Field;
using Tessera.Stark.Debugging;
using Tessera.Stark.Synthetic;

namespace Tessera.Stark.Tests;

public sealed class SyntheticAirTests
{
    [Fact]
    public void Benchmark_air_is_satisfied_by_its_witness_and_has_degree_three()
    {
        var m = new Machine(new SyntheticAir(), new U16TableAir());
        var (main, table) = SyntheticAir.Witness(6, seed: 1);
        DebugChecker.Check(m, [main, table]);
        Assert.Equal(3, m.Tables[0].MaxDegree);
        Assert.Equal(2, m.Tables[0].QuotientChunks);
        Assert.Equal(127, m.Tables[0].AirConstraintCount);

        main.Main[5, 7] += BabyBear.One;
        var e = Assert.Throws<ConstraintViolationException>(() => DebugChecker.Check(m, [main, table]));
        Assert.Equal(4, e.Row);
        Assert.Equal("c7' = c7²·c6 + c8", e.ConstraintName);
    }
}
