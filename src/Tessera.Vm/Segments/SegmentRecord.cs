using Tessera.Hash;

namespace Tessera.Vm.Segments;

/// <summary>
/// Everything a prover needs to prove one segment, and nothing more: the pre-state, the pages the
/// segment touches (pre-contents and a Merkle multi-proof against the pre-state root), the input it
/// consumes, its cycle counts, and the expected post-state.
/// </summary>
public sealed record SegmentRecord
{
    /// <summary>Position of the segment in the execution (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>log2 of the segment's cycle budget.</summary>
    public required int Po2 { get; init; }

    /// <summary>log2 of the page size used by the commitment.</summary>
    public required int PageShift { get; init; }

    /// <summary>First address of the executable range.</summary>
    public required uint CodeBase { get; init; }

    /// <summary>Bytes in the executable range.</summary>
    public required uint CodeBytes { get; init; }

    /// <summary>State before the segment.</summary>
    public required SystemState Pre { get; init; }

    /// <summary>State after the segment.</summary>
    public required SystemState Post { get; init; }

    /// <summary>Pages the segment touches, ascending.</summary>
    public required uint[] Pages { get; init; }

    /// <summary>Pre-segment contents of <see cref="Pages"/>, concatenated.</summary>
    public required byte[] PageData { get; init; }

    /// <summary>Merkle multi-proof of <see cref="Pages"/> against the pre-state memory root.</summary>
    public required Digest[] Proof { get; init; }

    /// <summary>Pages the segment writes (a subset of <see cref="Pages"/>), ascending.</summary>
    public required uint[] WrittenPages { get; init; }

    /// <summary>Private input the segment reads.</summary>
    public required byte[] Input { get; init; }

    /// <summary>The journal's running digest before the segment (<see cref="Memory.JournalHasher"/>).</summary>
    public required Digest JournalBefore { get; init; }

    /// <summary>The journal's running digest after the segment.</summary>
    public Digest JournalAfter => Memory.JournalHasher.Absorb(JournalBefore, Journal);

    /// <summary>Journal bytes the segment commits.</summary>
    public required byte[] Journal { get; init; }

    /// <summary>Instructions executed.</summary>
    public required long UserCycles { get; init; }

    /// <summary>Cycles charged for paging, fixed cost included.</summary>
    public required long PagingCycles { get; init; }

    /// <summary>User plus paging cycles; at most 2^<see cref="Po2"/>.</summary>
    public long TotalCycles => UserCycles + PagingCycles;

    /// <summary>Whether the guest exited in this segment.</summary>
    public required bool Exited { get; init; }

    /// <summary>The exit code when <see cref="Exited"/>.</summary>
    public required uint ExitCode { get; init; }
}
