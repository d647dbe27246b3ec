using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;

using Tessera.Circuit;
using Tessera.Planner.Profiles;
using Tessera.Rollup;
using Tessera.Stark.Fri;
using Tessera.Stark.Prover;
using Tessera.Vm.Elf;
using Tessera.Vm.Segments;

namespace Tessera.Cli.Commands;

/// <summary>
/// <c>tessera bench profile</c>: this machine's prover profile for <c>tessera plan</c> and <c>tessera
/// simulate</c>, from real segment proofs — seconds per segment and peak memory per po2 (the first full
/// segment of a rollup block, proven twice at the default parameters, the second timed), and the segment
/// count and inflation of the whole block at each po2.
/// </summary>
internal static class BenchProfileCommand
{
    private static readonly Option<int[]> Po2s = new("--po2")
    {
        Description = "The smallest and largest po2 to measure (13..24).",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [13, 20],
    };

    private static readonly Option<int> Txs = new("--txs") { Description = "Transfers in the generated block (the inflation workload).", DefaultValueFactory = _ => 20 };

    private static readonly Option<FileInfo> Elf = new("--elf")
    {
        Description = "The rollup guest.",
        DefaultValueFactory = _ => new FileInfo(Path.Combine("guest", "rollup", "bin", "rollup.elf")),
    };

    private static readonly Option<FileInfo?> Out = new("--out") { Description = "Where to write the profile (default: print it)." };

    public static Command Create()
    {
        var command = new Command("profile", "Measure this machine's prover profile (seconds and peak memory per po2, the block's inflation curve) for tessera plan and simulate.")
        {
            Po2s, Txs, Elf, Out,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var range = parse.GetValue(Po2s)!;
        var file = parse.GetValue(Elf)!;
        if (range.Length != 2 || range[0] > range[1] || range[0] < 13 || range[1] > 24)
        {
            error.WriteLine("bench profile: --po2 takes the smallest and largest po2, 13 ≤ a ≤ b ≤ 24");
            return 2;
        }

        if (!file.Exists)
        {
            error.WriteLine($"bench profile: {file.FullName} not found (run from the repository root, or pass --elf)");
            return 2;
        }

        var program = ElfProgram.Load(file.FullName);
        var circuit = Rv32imCircuit.For(program);
        var txs = parse.GetValue(Txs);
        var block = BlockGenerator.Generate(new BlockOptions(100, txs));
        var costs = new List<Po2Cost>();
        var points = new List<InflationPoint>();
        long userCycles = 0;

        // Ascending: each size's working set is larger than the last, so the process peak after it is its own.
        for (var po2 = range[0]; po2 <= range[1]; po2++)
        {
            SegmentRecord? first = null;
            var report = Executor.Run(program, block.Bytes, new ExecutionOptions { Po2 = po2, KeepRecords = true }, r => first ??= r);
            userCycles = (long)report.UserCycles;
            circuit.Prove(first!, ProofParameters.Default);
            var sw = Stopwatch.StartNew();
            circuit.Prove(first!, ProofParameters.Default);
            var seconds = sw.Elapsed.TotalSeconds;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            StarkProver.ReleaseBuffers();
            var inflation = (double)(report.UserCycles + report.PagingCycles) / report.UserCycles;
            costs.Add(new Po2Cost(po2, peak, Math.Round(seconds, 3)));
            points.Add(new InflationPoint(po2, report.Segments, Math.Round(inflation, 5)));
            error.WriteLine($"po2 {po2}: {seconds:F2} s per segment, peak {peak / (1024.0 * 1024.0):F0} MB, {report.Segments} segments, inflation {inflation:F4}");
        }

        var profile = new ProverProfile
        {
            Prover = "Tessera (rv32im circuit, default parameters: 100 proven bits)",
            Machine = new ProfileMachine(CpuName(), Environment.ProcessorCount, (long)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes),
            Source = $"tessera bench profile --po2 {range[0]} {range[1]} --txs {txs}, {DateTime.UtcNow:yyyy-MM-dd}: the first full segment of the rollup block proven twice per po2, " +
                "the second timed; peak memory is the process peak after that po2 (sizes run ascending, buffers released between them)",
            Costs = costs,
            Inflation = new InflationCurve($"the rollup guest on a generated block of {txs} signed transfers", userCycles, points),
        };
        var json = ProfileCodec.Write(profile);
        if (parse.GetValue(Out) is { } target)
        {
            File.WriteAllText(target.FullName, json);
            output.WriteLine($"profile written to {target.FullName}");
        }
        else
        {
            output.WriteLine(json);
        }

        return 0;
    }

    private static string CpuName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && File.Exists(cpuinfo))
        {
            var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is var i and >= 0)
            {
                return line[(i + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
