using System.CommandLine;

using Tessera.Cli.Commands;

namespace Tessera.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("Tessera: a RISC-V zero-knowledge virtual machine proven in pieces on weak machines.");
        var bench = new Command("bench", "Whole-run benchmarks: time, memory and throughput on this machine.");
        bench.Subcommands.Add(BenchPrimitivesCommand.Create());
        bench.Subcommands.Add(BenchExecuteCommand.Create());
        bench.Subcommands.Add(BenchStarkCommand.Create());
        bench.Subcommands.Add(BenchProveCommand.Create());
        bench.Subcommands.Add(BenchProveBlockCommand.Create());
        bench.Subcommands.Add(BenchProfileCommand.Create());
        root.Subcommands.Add(bench);
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ProveCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(ImageIdCommand.Create());
        root.Subcommands.Add(ExecuteCommand.Create());
        root.Subcommands.Add(RollupCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(NodeCommand.Create());
        root.Subcommands.Add(SubmitCommand.Create());
        return root.Parse(args).Invoke();
    }
}
