using ScottPlot;

using Tessera.Planner.Simulation;

namespace Tessera.Planner.Charts;

/// <summary>The simulator's charts, written as PNG and SVG side by side.</summary>
public static class SweepCharts
{
    private const int Width = 900;
    private const int Height = 560;

    /// <summary>Makespan against nodes, one line per po2, both axes log-scaled. Returns the files written.</summary>
    public static IReadOnlyList<string> MakespanVsNodes(IReadOnlyList<SweepPoint> points, string directory, string title)
    {
        ArgumentNullException.ThrowIfNull(points);
        var plot = new Plot();
        foreach (var series in points.GroupBy(p => p.Series))
        {
            var done = series.Where(p => p.Result.JobsCompleted > 0).ToArray();
            var line = plot.Add.Scatter(done.Select(p => Math.Log10(p.X)).ToArray(), done.Select(p => Math.Log10(p.Result.Makespan.Max)).ToArray());
            line.LegendText = series.Key;
            line.MarkerSize = 6;
        }

        LogAxis(plot.Axes.Bottom, v => v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        LogAxis(plot.Axes.Left, Duration);
        plot.Title(title);
        plot.XLabel("nodes");
        plot.YLabel("makespan of one job");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, directory, "makespan-vs-nodes");
    }

    /// <summary>Makespan and total work against the adversarial fraction, one line per policy: two charts.</summary>
    public static IReadOnlyList<string> VersusAdversaries(IReadOnlyList<SweepPoint> points, string directory, string title)
    {
        ArgumentNullException.ThrowIfNull(points);
        var files = new List<string>();
        foreach (var (name, label, value) in new (string, string, Func<SimulationResult, double>)[]
        {
            ("makespan-vs-adversaries", "makespan of one job (s)", r => r.Makespan.Max),
            ("work-vs-adversaries", "proving work / useful work", r => r.WorkFactor),
        })
        {
            var plot = new Plot();
            foreach (var series in points.GroupBy(p => p.Series))
            {
                var done = series.Where(p => p.Result.JobsCompleted > 0).ToArray();
                var line = plot.Add.Scatter(done.Select(p => p.X * 100).ToArray(), done.Select(p => value(p.Result)).ToArray());
                line.LegendText = series.Key;
                line.MarkerSize = 6;
            }

            plot.Title(title);
            plot.XLabel("adversarial nodes (%)");
            plot.YLabel(label);
            plot.Axes.SetLimitsY(0, double.NaN);
            plot.ShowLegend(Alignment.UpperLeft);
            files.AddRange(Save(plot, directory, name));
        }

        return files;
    }

    private static void LogAxis(ScottPlot.IAxis axis, Func<double, string> format)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => format(Math.Pow(10, y)),
        };
    }

    private static string Duration(double seconds) =>
        seconds >= 3600 ? $"{seconds / 3600:0.#} h" : seconds >= 60 ? $"{seconds / 60:0.#} min" : $"{seconds:0.#} s";

    private static string[] Save(Plot plot, string directory, string name)
    {
        Directory.CreateDirectory(directory);
        var png = Path.Combine(directory, name + ".png");
        var svg = Path.Combine(directory, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }
}
