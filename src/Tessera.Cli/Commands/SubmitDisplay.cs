using System.Diagnostics;
using System.Globalization;

using Spectre.Console;

using Tessera.Network.Owner;

namespace Tessera.Cli.Commands;

/// <summary>
/// The job owner's live display: segments verified / in flight / rejected and each node's share
/// and throughput — Spectre's live table on a terminal, a plain line at most once a second
/// otherwise.
/// </summary>
internal static class SubmitDisplay
{
    private const int NodesShown = 12;

    public static async Task<T> RunAsync<T>(TextWriter output, Func<IProgress<JobProgress>, Task<T>> work)
    {
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            T result = default!;
            await AnsiConsole.Live(Render(null)).AutoClear(false).StartAsync(async ctx =>
            {
                var last = Stopwatch.StartNew();
                result = await work(new Reporter(p =>
                {
                    if (p.Verified == p.Total || last.ElapsedMilliseconds >= 250)
                    {
                        ctx.UpdateTarget(Render(p));
                        last.Restart();
                    }
                })).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return result;
        }

        var every = Stopwatch.StartNew();
        return await work(new Reporter(p =>
        {
            if (p.Verified == p.Total || every.Elapsed.TotalSeconds >= 1)
            {
                output.WriteLine($"progress: {Line(p)}");
                every.Restart();
            }
        })).ConfigureAwait(false);
    }

    /// <summary>The one-line summary: what the plain display prints and the live one heads its table with.</summary>
    public static string Line(JobProgress p)
    {
        var fastest = p.PerNode.Count == 0 ? "" : $", fastest {p.PerNode.Max(n => n.SegmentsPerMinute).ToString("F1", CultureInfo.InvariantCulture)} segments/min";
        return $"{p.Verified}/{p.Total} segments verified, {p.InFlight} in flight, {p.Rejected} rejected, {p.Nodes} nodes, {p.Penalties} penalties{fastest}";
    }

    private static Table Render(JobProgress? progress)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("node").AddColumn(new TableColumn("assigned").RightAligned()).AddColumn(new TableColumn("verified").RightAligned())
            .AddColumn(new TableColumn("offences").RightAligned()).AddColumn(new TableColumn("segments/min").RightAligned());
        if (progress is not { } p)
        {
            return table.Caption("waiting for nodes");
        }

        foreach (var n in p.PerNode.Take(NodesShown))
        {
            table.AddRow(
                n.Node.ToString(),
                n.Assigned.ToString(CultureInfo.InvariantCulture),
                n.Verified.ToString(CultureInfo.InvariantCulture),
                n.Offences == 0 ? "0" : $"[red]{n.Offences}[/]",
                n.SegmentsPerMinute.ToString("F1", CultureInfo.InvariantCulture));
        }

        var more = p.PerNode.Count > NodesShown ? $" (and {p.PerNode.Count - NodesShown} more nodes)" : "";
        return table.Title(Markup.Escape(Line(p))).Caption(Markup.Escape(more));
    }

    private sealed class Reporter(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
