namespace Tessera.Network.Scheduling;

/// <summary>A job as the scheduler sees it: segments by their size, a policy, and what is already verified.</summary>
/// <param name="Id">The job.</param>
/// <param name="SegmentPo2">log2 of each segment's cycles, by segment index.</param>
/// <param name="Policy">How much to replicate.</param>
/// <param name="Verified">Segments already proven and verified (a resumed job), never offered again.</param>
public sealed record JobSpec(JobId Id, IReadOnlyList<int> SegmentPo2, SchedulingPolicy Policy, IReadOnlySet<int>? Verified = null);
