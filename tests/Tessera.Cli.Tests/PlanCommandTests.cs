using System.CommandLine;
using System.Text.Json;

using Tessera.Cli.Commands;

namespace Tessera.Cli.Tests;

public class PlanCommandTests
{
    private const string Risc0 = "risc0-1.0.1-i7-5500u";

    [Fact]
    public void Json_gives_the_proposal_s_po2_19_with_168_nodes_in_249_s()
    {
        var (code, text, _) = Invoke("--cycles", "65560000", "--profile", Risc0, "--node-memory", "4GB", "--json");
        Assert.Equal(0, code);
        var best = JsonDocument.Parse(text).RootElement.GetProperty("best");
        Assert.Equal(19, best.GetProperty("po2").GetInt32());
        Assert.Equal(168, best.GetProperty("segments").GetInt64());
        Assert.Equal(168, best.GetProperty("nodes").GetInt64());
        Assert.Equal(249, best.GetProperty("makespan_seconds").GetDouble());
    }

    [Fact]
    public void Fixed_5_on_10000_nodes_needs_840_per_block_and_carries_11_blocks_at_once()
    {
        var (code, text, _) = Invoke("--cycles", "65560000", "--profile", Risc0, "--node-memory", "4GB", "--nodes", "10000", "--redundancy", "fixed:5", "--po2", "19", "--json");
        Assert.Equal(0, code);
        var best = JsonDocument.Parse(text).RootElement.GetProperty("best");
        Assert.Equal(840, best.GetProperty("proofs").GetInt64());
        Assert.Equal(11, best.GetProperty("concurrent_jobs").GetInt64());
    }

    [Fact]
    public void Text_marks_the_best_po2_and_says_why_others_do_not_fit()
    {
        var (code, text, _) = Invoke("--cycles", "65560000", "--profile", Risc0, "--node-memory", "4GB");
        Assert.Equal(0, code);
        Assert.Contains("<- best", text, StringComparison.Ordinal);
        Assert.Contains("needs 8 GB per node, has 4 GB", text, StringComparison.Ordinal);
        Assert.Contains("best        po2 19", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_elf_is_executed_at_each_timed_po2()
    {
        var elf = Path.Combine(Repo.Root(), "guest", "examples", "bin", "fibonacci.elf");
        var (code, text, error) = Invoke("--elf", elf, "--profile", Risc0, "--node-memory", "16GB", "--json");
        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal(6, root.GetProperty("candidates").GetArrayLength());
        Assert.True(root.GetProperty("user_cycles").GetInt64() > 0);
        Assert.Equal("fibonacci.elf", root.GetProperty("workload").GetString());
    }

    [Theory]
    [InlineData("--node-memory", "100MB", "no measured po2 fits in 100 MB")]
    [InlineData("--deadline", "5s", "no node count meets a deadline of 5 s")]
    [InlineData("--po2", "22", "po2 22 has no proving time")]
    [InlineData("--redundancy", "twice", "is not a redundancy policy")]
    [InlineData("--node-memory", "lots", "is not a size")]
    public void Impossible_or_bad_requests_fail_with_a_reason(string option, string value, string message)
    {
        string[] args = ["--cycles", "65560000", "--profile", Risc0, "--node-memory", "4GB", option, value];
        if (option == "--node-memory")
        {
            args = ["--cycles", "65560000", "--profile", Risc0, option, value];
        }

        var (code, text, error) = Invoke(args);
        Assert.Equal(2, code);
        Assert.Empty(text);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_profile_file_fails_with_a_reason()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"format\": \"tessera-prover-profile/1\", \"prover\": ");
        try
        {
            var (code, _, error) = Invoke("--cycles", "1000", "--profile", path, "--node-memory", "4GB");
            Assert.Equal(2, code);
            Assert.Contains("not a prover profile", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { PlanCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = root.Parse(["plan", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
