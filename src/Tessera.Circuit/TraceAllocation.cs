using Tessera.Stark;

namespace Tessera.Circuit;

/// <summary>
/// How a segment's witness traces are made: ordinary zeroed arrays (tests that read, corrupt or
/// check a witness), or owned by the proof at its blowup (<see cref="Trace.CreateForProving"/>: the
/// main LDE is built in the trace's own array, so a main cell costs 8 bytes at blowup 2 instead of
/// 12, and no second matrix is written).
/// </summary>
/// <param name="OwnedAtLogBlowup">The proof's log blowup when the traces are for it; null for ordinary ones.</param>
internal readonly record struct TraceAllocation(int? OwnedAtLogBlowup)
{
    /// <summary>Ordinary traces, as <c>new Trace(width, height)</c> makes them.</summary>
    public static TraceAllocation Ordinary => default;

    /// <summary>A zero trace of the given shape.</summary>
    public Trace New(int width, int height)
    {
        if (OwnedAtLogBlowup is not { } logBlowup)
        {
            return new Trace(width, height);
        }

        // Pooled arrays come back dirty; the witness builders write only the cells that are not zero.
        var t = Trace.CreateForProving(width, height, logBlowup);
        t.Values.AsSpan(0, width * height).Clear();
        return t;
    }
}
