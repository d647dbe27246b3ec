namespace Tessera.Cli.Commands;

/// <summary>What <c>tessera execute</c> prints.</summary>
internal sealed record ExecuteResult(
    uint ExitCode,
    string Journal,
    string Stdout,
    long UserCycles,
    long PagingCycles,
    long TotalCycles,
    int Segments,
    int Po2,
    double Inflation,
    string ImageId,
    string FinalState,
    double Mhz,
    double Seconds,
    long? BytesPerSegment);
