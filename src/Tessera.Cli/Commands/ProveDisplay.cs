using System.Diagnostics;

using Spectre.Console;

using Tessera.Zkvm;

namespace Tessera.Cli.Commands;

/// <summary>
/// The proving progress display: Spectre's bar (segments proven / total, kHz, time left) on a
/// terminal, a plain line at most once a second otherwise, nothing when quiet.
/// </summary>
internal static class ProveDisplay
{
    public static T Run<T>(bool quiet, TextWriter output, Func<IProgress<ProveProgress>?, T> work)
    {
        if (quiet)
        {
            return work(null);
        }

        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            T result = default!;
            AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("executing", maxValue: 1);
                    result = work(new Reporter(p =>
                    {
                        task.MaxValue = Math.Max(1, p.Segments);
                        task.Value = p.SegmentsProven;
                        task.Description = Line(p);
                    }));
                });
            return result;
        }

        var last = Stopwatch.StartNew();
        return work(new Reporter(p =>
        {
            if (p.SegmentsProven == p.Segments || last.Elapsed.TotalSeconds >= 1)
            {
                output.WriteLine($"progress: {Line(p)}");
                last.Restart();
            }
        }));
    }

    private static string Line(ProveProgress p)
    {
        var left = p.Remaining is { } r ? $", {r:hh\\:mm\\:ss} left" : string.Empty;
        return $"{p.SegmentsProven}/{p.Segments} segments, {p.CyclesPerSecond / 1e3:F1} kHz{left}";
    }

    private sealed class Reporter(Action<ProveProgress> report) : IProgress<ProveProgress>
    {
        private readonly Lock _gate = new();

        public void Report(ProveProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
