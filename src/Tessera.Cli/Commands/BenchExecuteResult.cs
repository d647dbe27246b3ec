namespace Tessera.Cli.Commands;

/// <summary>Figures printed by <c>tessera bench execute</c>.</summary>
internal sealed record BenchExecuteResult(
    string Guest,
    long Cycles,
    double PlainSeconds,
    double PlainMhz,
    double PlainCpuMhz,
    double SegmentedSeconds,
    double SegmentedMhz,
    double SegmentedCpuMhz,
    int Segments,
    long BytesPerSegment,
    double? QemuSeconds,
    double? QemuMhz,
    bool? QemuAgrees,
    List<InflationRow>? Inflation);

/// <summary>One po2 of the inflation table.</summary>
internal sealed record InflationRow(int Po2, int Segments, long UserCycles, long TotalCycles, double Inflation);
