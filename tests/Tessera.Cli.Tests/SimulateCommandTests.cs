using System.CommandLine;
using System.Text.Json;

using Tessera.Cli.Commands;

namespace Tessera.Cli.Tests;

public class SimulateCommandTests
{
    private const string Risc0 = "risc0-1.0.1-i7-5500u";

    [Fact]
    public void The_proposal_s_168_nodes_prove_one_block_in_about_249_s_plus_the_wires()
    {
        var (code, text, error) = Invoke("--profile", Risc0, "--nodes", "168", "--json");
        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(19, root.GetProperty("po2").GetInt32());
        Assert.Equal(168, root.GetProperty("segments_per_job").GetInt32());
        Assert.Equal(1, root.GetProperty("jobs_completed").GetInt32());
        Assert.InRange(root.GetProperty("makespan").GetProperty("max").GetDouble(), 249, 251);
    }

    [Fact]
    public void Text_reports_makespan_work_and_utilisation()
    {
        var (code, text, _) = Invoke("--profile", Risc0, "--nodes", "50", "--po2", "17", "--cycles", "10000000", "--adversarial", "0.5");
        Assert.Equal(0, code);
        Assert.Contains("makespan     p50", text, StringComparison.Ordinal);
        Assert.Contains("utilisation", text, StringComparison.Ordinal);
        Assert.Contains("penalties", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--po2", "22", "no proving time for po2 22")]
    [InlineData("--adversarial", "1.5", "outside 0..1")]
    [InlineData("--behaviours", "evil", "is not an adversary behaviour")]
    [InlineData("--speed", "gaussian:1", "is not a distribution")]
    [InlineData("--heartbeat", "10s", "would look silent")]
    public void Bad_scenarios_fail_with_a_reason(string option, string value, string message)
    {
        var (code, text, error) = Invoke("--profile", Risc0, "--nodes", "10", option, value);
        Assert.Equal(2, code);
        Assert.Empty(text);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { SimulateCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(["simulate", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
