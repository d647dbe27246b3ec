using System.CommandLine;
using System.Text.Json;

using Tessera.Cli.Commands;
using Tessera.Planner.Profiles;

namespace Tessera.Cli.Tests;

public sealed class BenchProfileCommandTests
{
    [Fact]
    public void A_measured_profile_is_one_tessera_plan_reads_and_plans_with()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tessera-profile-{Guid.NewGuid():N}.json");
        try
        {
            var elf = Path.Combine(Repo.Root(), "guest", "rollup", "bin", "rollup.elf");
            var (code, _) = Invoke(BenchProfileCommand.Create(), "profile", "--po2", "13", "14", "--txs", "1", "--elf", elf, "--out", file);
            Assert.Equal(0, code);

            // Real measurements: both sizes timed, memory and segments from the runs themselves.
            var profile = ProfileCodec.Parse(File.ReadAllText(file), file);
            Assert.Equal([13, 14], profile.Costs.Select(c => c.Po2));
            Assert.All(profile.Costs, c => Assert.True(c.SecondsPerSegment > 0 && c.PeakMemoryBytes > 64L << 20, $"{c}"));
            var points = profile.Inflation.Points;
            Assert.True(points[0].Segments > points[1].Segments, "a smaller po2 cuts more segments");
            Assert.All(points, p => Assert.InRange(p.Inflation!.Value, 1.0, 2.0));
            Assert.Equal(Environment.ProcessorCount, profile.Machine.Cores);

            var (planned, text) = Invoke(PlanCommand.Create(), "plan", "--cycles", profile.Inflation.UserCycles.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--profile", file, "--node-memory", "2GB", "--json");
            Assert.Equal(0, planned);
            Assert.InRange(JsonDocument.Parse(text).RootElement.GetProperty("best").GetProperty("po2").GetInt32(), 13, 14);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("12", "14")]
    [InlineData("15", "14")]
    [InlineData("13", "25")]
    public void A_po2_range_outside_13_to_24_is_refused(string low, string high)
    {
        var (code, _) = Invoke(BenchProfileCommand.Create(), "profile", "--po2", low, high);
        Assert.Equal(2, code);
    }

    private static (int Code, string Output) Invoke(Command command, params string[] args)
    {
        var root = new RootCommand { command };
        var output = new StringWriter();
        var code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        return (code, output.ToString());
    }
}
