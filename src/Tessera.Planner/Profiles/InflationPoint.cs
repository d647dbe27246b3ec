namespace Tessera.Planner.Profiles;

/// <summary>How a workload cut at one po2: its segment count and its cycle inflation.</summary>
/// <param name="Po2">log2 of the segment's cycles.</param>
/// <param name="Segments">Segments the workload was cut into.</param>
/// <param name="Inflation">Total cycles (user, paging, fixed) over user cycles; null where it was not reported.</param>
public sealed record InflationPoint(int Po2, long Segments, double? Inflation);
