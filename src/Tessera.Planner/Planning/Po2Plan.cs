namespace Tessera.Planner.Planning;

/// <summary>One po2 evaluated for a request. Nodes prove one segment at a time, so time advances in rounds.</summary>
/// <param name="Po2">log2 of the segment's cycles.</param>
/// <param name="Segments">Segments of the job.</param>
/// <param name="Inflation">Total over user cycles, where the profile reports it.</param>
/// <param name="PeakMemoryBytes">Peak memory of one segment proof.</param>
/// <param name="SecondsPerSegment">Time of one segment proof.</param>
/// <param name="Proofs">Segment proofs made: segments × replicas.</param>
/// <param name="Nodes">Nodes used (given, or needed for the deadline, or one per proof).</param>
/// <param name="Rounds">Proofs per node, the longest queue: ⌈proofs / nodes⌉.</param>
/// <param name="MakespanSeconds">Time to prove the job: rounds × seconds per segment.</param>
/// <param name="NodeHours">Total proving work: proofs × seconds per segment.</param>
/// <param name="ConcurrentJobs">With a node count: how many such jobs the nodes prove side by side at this makespan.</param>
/// <param name="JobsPerHour">With a node count: jobs per hour the nodes sustain when kept busy.</param>
/// <param name="Feasible">Whether the po2 fits the node memory (and meets the deadline).</param>
/// <param name="Reason">Why it is not feasible.</param>
public sealed record Po2Plan(
    int Po2,
    long Segments,
    double? Inflation,
    long PeakMemoryBytes,
    double SecondsPerSegment,
    long Proofs,
    long Nodes,
    long Rounds,
    double MakespanSeconds,
    double NodeHours,
    long? ConcurrentJobs,
    double? JobsPerHour,
    bool Feasible,
    string? Reason);
