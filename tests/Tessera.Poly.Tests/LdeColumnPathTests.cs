using System.Diagnostics;

using Tessera.Field;

using Xunit.Abstractions;

namespace Tessera.Poly.Tests;

public sealed class LdeColumnPathTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(2, 10, 1)]
    [InlineData(8, 11, 1)]
    [InlineData(24, 10, 2)]
    [InlineData(48, 12, 1)]
    public void ColumnPathEqualsRowPath(int width, int logN, int logBlowup)
    {
        var rng = new Random(width + logN);
        var values = new BabyBear[width << logN];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BabyBear.FromUInt32((uint)rng.Next());
        }

        var trace = new RowMajorMatrix(values, width);
        var saved = Lde.ColumnPathMaxWidth;
        try
        {
            Lde.ColumnPathMaxWidth = 0;
            var rows = Lde.CosetExtend(trace, logBlowup, BabyBear.Generator, LdeOrder.BitReversed);
            Lde.ColumnPathMaxWidth = 1 << 20;
            var columns = Lde.CosetExtend(trace, logBlowup, BabyBear.Generator, LdeOrder.BitReversed);
            Assert.Equal(rows.Values, columns.Values);
        }
        finally
        {
            Lde.ColumnPathMaxWidth = saved;
        }
    }

    [Theory]
    [InlineData(1, 4, 1)]
    [InlineData(8, 11, 1)]
    [InlineData(37, 10, 2)]
    [InlineData(128, 9, 1)]
    public void InPlaceEqualsCopy(int width, int logN, int logBlowup)
    {
        var rng = new Random(width * logN);
        var values = new BabyBear[width << logN];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BabyBear.FromUInt32((uint)rng.Next());
        }

        var expected = Lde.CosetExtend(new RowMajorMatrix(values, width), logBlowup, BabyBear.Generator, LdeOrder.BitReversed);
        var buffer = new BabyBear[values.Length << logBlowup];
        values.CopyTo(buffer, 0);
        var lde = Lde.CosetExtendInPlace(buffer, width, logN, logBlowup, BabyBear.Generator);
        Assert.Same(buffer, lde.Values);
        Assert.Equal(expected.Values, buffer);
    }

    // A timing probe, run by hand: TESSERA_TIMING_PROBE=1 dotnet test … --filter LdeColumnPathTests.Timing
    [Fact]
    public void Timing()
    {
        if (Environment.GetEnvironmentVariable("TESSERA_TIMING_PROBE") != "1")
        {
            return;
        }

        foreach (var width in new[] { 8, 24, 48, 64, 96, 128 })
        {
            var trace = new RowMajorMatrix(new BabyBear[width << 19], width);
            var dst = RowMajorMatrix.CreateUninitialized(width, 1 << 20);
            foreach (var max in new[] { 0, 1 << 20, 0, 1 << 20 })
            {
                Lde.ColumnPathMaxWidth = max;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                Lde.CosetExtendInto(trace, 1, BabyBear.Generator, LdeOrder.BitReversed, dst);
                output.WriteLine($"width {width} {(max == 0 ? "rows" : "cols")}: {sw.Elapsed.TotalMilliseconds:F0} ms, cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0} ms");
            }
        }

        Lde.ColumnPathMaxWidth = 0;
    }
}
