using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tessera.Network;

/// <summary>
/// The network's instruments, on one <see cref="Meter"/> named <see cref="MeterName"/>: an
/// OpenTelemetry MeterProvider (and its Prometheus exporter) picks them up by that name.
/// </summary>
public static class NetworkMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Tessera.Network";

    private static readonly Meter Meter = new(MeterName, "1.0");

    internal static Counter<long> Assigned { get; } = Meter.CreateCounter<long>("tessera.tasks.assigned", description: "Tasks given to nodes, by reason");

    internal static Counter<long> Verified { get; } = Meter.CreateCounter<long>("tessera.results.verified", description: "Results that verified and were counted");

    internal static Counter<long> Penalties { get; } = Meter.CreateCounter<long>("tessera.penalties", description: "Reputation penalties, by offence");

    internal static Counter<long> Dropped { get; } = Meter.CreateCounter<long>("tessera.messages.dropped", description: "Peer messages dropped, by protocol error");

    internal static Counter<long> Proved { get; } = Meter.CreateCounter<long>("tessera.node.proved", description: "Tasks a node proved and returned");

    private static readonly ConcurrentDictionary<JobId, (int Verified, int InFlight, int Total)> Jobs = new();

    private static readonly ObservableGauge<int> JobSegments = Meter.CreateObservableGauge(
        "tessera.job.segments", ObserveJobs, description: "Segments of each open job on this owner, by state (verified, in_flight, total)");

    internal static Histogram<double> VerifySeconds { get; } = Meter.CreateHistogram<double>("tessera.verify.duration", unit: "s", description: "Time to verify one result");

    /// <summary>Where an open job stands, for the gauges.</summary>
    internal static void Track(JobId job, int verified, int inFlight, int total) => Jobs[job] = (verified, inFlight, total);

    /// <summary>The job is over: its gauges go.</summary>
    internal static void Untrack(JobId job) => Jobs.TryRemove(job, out _);

    private static IEnumerable<Measurement<int>> ObserveJobs()
    {
        foreach (var (job, (verified, inFlight, total)) in Jobs)
        {
            var id = new KeyValuePair<string, object?>("job", job.ToString());
            yield return new Measurement<int>(verified, id, new("state", "verified"));
            yield return new Measurement<int>(inFlight, id, new("state", "in_flight"));
            yield return new Measurement<int>(total, id, new("state", "total"));
        }
    }
}
