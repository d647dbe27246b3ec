using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;

using Tessera.Cli.Commands;
using Tessera.Field;

namespace Tessera.Cli.Tests;

public class BenchPrimitivesCommandTests
{
    private static readonly string[] Figures =
    [
        "montgomery_mul_per_s_per_core",
        "ntt_2p20_single_column_ms",
        "lde_2p18x64_blowup2_ms",
        "poseidon2_w16_perms_per_s_per_core",
        "poseidon2_w16_perms_per_s_all_cores",
        "merkle_commit_2p20x64_ms",
    ];

    [Fact]
    public void Json_has_every_field_with_sane_values()
    {
        var (code, text) = Invoke("primitives", "--json", "--quick");
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(text).RootElement;

        Assert.Equal(Environment.ProcessorCount, root.GetProperty("cores").GetInt32());
        Assert.Equal(BabyBearVector.Path.ToString(), root.GetProperty("simd").GetString());
        foreach (var name in Figures)
        {
            // Every kernel exists now, so every figure is a positive finite number.
            var figure = root.GetProperty(name);
            Assert.True(figure.ValueKind == JsonValueKind.Number, $"{name} is {figure.ValueKind}");
            Assert.True(figure.GetDouble() > 0 && double.IsFinite(figure.GetDouble()), $"{name} = {figure.GetDouble()}");
        }

        // Quick sizes are tiny: anything near a minute means the quick option is not reaching a kernel.
        foreach (var name in Figures.Where(f => f.EndsWith("_ms", StringComparison.Ordinal)))
        {
            Assert.InRange(root.GetProperty(name).GetDouble(), 1e-6, 10_000);
        }

        Assert.InRange(root.GetProperty("poseidon2_w16_perms_per_s_per_core").GetDouble(), 1e3, 1e10);
        Assert.InRange(root.GetProperty("poseidon2_w16_perms_per_s_all_cores").GetDouble(), 1e3, 1e11);

        // Even scalar code in quick mode does far more than a million and far fewer than 10^12 a second.
        var mul = root.GetProperty("montgomery_mul_per_s_per_core").GetDouble();
        Assert.InRange(mul, 1e6, 1e12);
    }

    [Fact]
    public void Table_names_every_kernel()
    {
        var (code, text) = Invoke("primitives", "--quick");
        Assert.Equal(0, code);
        Assert.Contains("Montgomery multiply", text, StringComparison.Ordinal);
        Assert.Contains("Poseidon2", text, StringComparison.Ordinal);
        Assert.Contains("Merkle commit", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tessera_executable_runs_bench_primitives()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "tessera.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "bench", "primitives", "--json", "--quick" })
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("montgomery_mul_per_s_per_core").GetDouble() > 0);
    }

    private static (int Code, string Output) Invoke(params string[] args)
    {
        var bench = new Command("bench") { BenchPrimitivesCommand.Create() };
        var output = new StringWriter();
        var code = bench.Parse(args).Invoke(new InvocationConfiguration { Output = output });
        return (code, output.ToString());
    }
}
