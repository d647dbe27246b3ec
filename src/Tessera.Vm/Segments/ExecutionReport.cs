using Tessera.Hash;

namespace Tessera.Vm.Segments;

/// <summary>The outcome of a segmented execution, with cycle accounting as RISC Zero reports it.</summary>
public sealed record ExecutionReport
{
    /// <summary>The full a0 passed to exit.</summary>
    public required uint ExitCode { get; init; }

    /// <summary>Committed journal (fd 3).</summary>
    public required byte[] Journal { get; init; }

    /// <summary>Bytes written to fd 1.</summary>
    public required byte[] Stdout { get; init; }

    /// <summary>Bytes written to fd 2.</summary>
    public required byte[] Stderr { get; init; }

    /// <summary>Instructions executed.</summary>
    public required long UserCycles { get; init; }

    /// <summary>Paging and fixed per-segment cycles.</summary>
    public required long PagingCycles { get; init; }

    /// <summary>User plus paging cycles.</summary>
    public long TotalCycles => UserCycles + PagingCycles;

    /// <summary>Number of segments.</summary>
    public required int Segments { get; init; }

    /// <summary>Total cycles over user cycles.</summary>
    public double Inflation => UserCycles == 0 ? 1 : (double)TotalCycles / UserCycles;

    /// <summary>Digest of the initial state (memory image, registers, entry pc): the program's image ID.</summary>
    public required Digest ImageId { get; init; }

    /// <summary>The state after the last segment.</summary>
    public required SystemState Final { get; init; }
}
