namespace Tessera.Planner.Profiles;

/// <summary>
/// Segment counts of one reference workload at each po2. Other workloads are scaled by user cycles:
/// segments(N) = ⌈N · segments / user cycles⌉, in exact integers, so the reference workload gets back
/// exactly its measured counts.
/// </summary>
/// <remarks>
/// Total cycles over 2^po2 does not give the counts: RISC Zero's figures (65.56 M user cycles, 6.57× at
/// po2 15) make 13,145 full segments where 16,808 were reported. Its segments are on average 78 % full at
/// every po2 15..20 (a segment closes when the next step might not fit), so the measured count, not a
/// formula, is the data.
/// </remarks>
/// <param name="Workload">What was executed.</param>
/// <param name="UserCycles">Its user cycles (instructions).</param>
/// <param name="Points">One point per po2, ascending.</param>
public sealed record InflationCurve(string Workload, long UserCycles, IReadOnlyList<InflationPoint> Points)
{
    /// <summary>The point measured at <paramref name="po2"/>, or null.</summary>
    public InflationPoint? At(int po2) => Points.FirstOrDefault(p => p.Po2 == po2);

    /// <summary>Segments a workload of <paramref name="userCycles"/> needs at <paramref name="po2"/>; null if the curve lacks that po2.</summary>
    public long? Segments(long userCycles, int po2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userCycles);
        if (At(po2) is not { } point)
        {
            return null;
        }

        var scaled = ((Int128)userCycles * point.Segments) + UserCycles - 1;
        return (long)(scaled / UserCycles);
    }

    /// <summary>Average fraction of 2^po2 a segment used, where the inflation is known.</summary>
    public double? Fill(int po2) =>
        At(po2) is { Inflation: { } inflation } point ? UserCycles * inflation / (point.Segments * Math.Pow(2, po2)) : null;
}
