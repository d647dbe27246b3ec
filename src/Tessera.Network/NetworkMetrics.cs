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

    internal static Histogram<double> VerifySeconds { get; } = Meter.CreateHistogram<double>("tessera.verify.duration", unit: "s", description: "Time to verify one result");
}
