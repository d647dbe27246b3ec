using Tessera.Vm.Memory;

namespace Tessera.Vm.Segments;

/// <summary>How <see cref="Executor.Run"/> cuts and records an execution.</summary>
public sealed record ExecutionOptions
{
    /// <summary>log2 of the cycle budget per segment, 13..24.</summary>
    public int Po2 { get; init; } = 20;

    /// <summary>User-cycle limit; a guest that has not exited by then faults with <see cref="Execution.FaultKind.CycleLimitExceeded"/>.</summary>
    public long MaxCycles { get; init; } = long.MaxValue;

    /// <summary>Page size of the memory commitment.</summary>
    public PageLayout Layout { get; init; } = PageLayout.Default;

    /// <summary>Whether to build full <see cref="SegmentRecord"/>s (page contents and proofs) or only count and commit.</summary>
    public bool KeepRecords { get; init; }

    /// <summary>Test only: see <see cref="Execution.Machine.CorruptAddAtCycle"/>.</summary>
    internal long CorruptAddAtCycle { get; init; } = -1;
}
