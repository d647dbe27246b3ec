namespace Tessera.Planner.Profiles;

/// <summary>What proving one segment of 2^<paramref name="Po2"/> cycles costs on the profile's machine.</summary>
/// <param name="Po2">log2 of the segment's cycles.</param>
/// <param name="PeakMemoryBytes">Peak resident memory of one segment proof.</param>
/// <param name="SecondsPerSegment">Wall time of one segment proof; null where it was not measured.</param>
public sealed record Po2Cost(int Po2, long PeakMemoryBytes, double? SecondsPerSegment);
