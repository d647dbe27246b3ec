using Tessera.Vm.Segments;

namespace Tessera.Circuit.Paging;

/// <summary>
/// What the paging and register tables need beyond the record: every touched word's and register's
/// value and timestamp after the segment's last access to it (the trace builder computes these
/// while it replays the segment).
/// </summary>
/// <param name="Record">The segment record: pre-state, touched pages with their pre-contents and multi-proof, post-state.</param>
/// <param name="FinalWords">For each page of <see cref="SegmentRecord.Pages"/> in order, its words after the segment (page bytes / 4 each).</param>
/// <param name="FinalWordTs">The timestamp of the last access to each word of <paramref name="FinalWords"/> (0 if never accessed).</param>
/// <param name="FinalRegisters">x0..x31 after the segment.</param>
/// <param name="FinalRegisterTs">The timestamp of the last access to each register (0 if never accessed).</param>
internal sealed record MemoryBoundary(
    SegmentRecord Record,
    uint[] FinalWords,
    uint[] FinalWordTs,
    uint[] FinalRegisters,
    uint[] FinalRegisterTs);
