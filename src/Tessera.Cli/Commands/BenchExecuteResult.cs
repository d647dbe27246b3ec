namespace Tessera.Cli.Commands;

/// <summary>Figures printed by <c>tessera bench execute</c>.</summary>
internal sealed record BenchExecuteResult(
    string Guest,
    long Cycles,
    double PlainSeconds,
    double PlainMhz,
    double? QemuSeconds,
    double? QemuMhz,
    bool? QemuAgrees);
