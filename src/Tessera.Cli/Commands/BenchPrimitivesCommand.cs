using System.CommandLine;
using System.Globalization;
using System.Text.Json;

using Spectre.Console;

using Tessera.Cli.Bench;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera bench primitives</c>: field, NTT, hash and Merkle throughput on this machine.</summary>
internal static class BenchPrimitivesCommand
{
    private static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print the figures as one JSON object (null where a kernel does not exist yet).",
    };

    // Tiny sizes for tests: proves the command runs end to end, not how fast anything is.
    private static readonly Option<bool> QuickOption = new("--quick")
    {
        Description = "Tiny sizes and trials; the figures are meaningless.",
        Hidden = true,
    };

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("primitives", "Throughput of the proving kernels: Montgomery multiply, NTT, LDE, Poseidon2, Merkle commit.")
        {
            JsonOption,
            QuickOption,
        };
        command.SetAction(parseResult =>
        {
            var figures = new PrimitiveBenchmarks(parseResult.GetValue(QuickOption)).Run();
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(JsonOption))
            {
                output.WriteLine(JsonSerializer.Serialize(figures, JsonOptions));
            }
            else
            {
                WriteTable(figures, output);
            }

            return 0;
        });
        return command;
    }

    private static void WriteTable(PrimitiveFigures f, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table().AddColumn("Kernel").AddColumn(new TableColumn("Figure").RightAligned()).AddColumn("Unit");
        table.Title = new TableTitle($"Primitives: {f.Cores} cores, {f.Simd}");
        Row(table, "Montgomery multiply, packed, in L1", f.MontgomeryMulPerSecondPerCore, "mul/s/core", "N0");
        Row(table, "NTT 2^20, one column", f.Ntt2p20SingleColumnMs, "ms", "F1");
        Row(table, "LDE 2^18 × 64 columns, blowup 2", f.Lde2p18x64Blowup2Ms, "ms", "F1");
        Row(table, "Poseidon2 width 16, one thread", f.Poseidon2W16PermsPerSecondPerCore, "perm/s/core", "N0");
        Row(table, $"Poseidon2 width 16, {f.Cores} threads", f.Poseidon2W16PermsPerSecondAllCores, "perm/s", "N0");
        Row(table, "Merkle commit 2^20 × 64 columns", f.MerkleCommit2p20x64Ms, "ms", "F1");
        console.Write(table);
    }

    private static void Row(Table table, string kernel, double? value, string unit, string format) =>
        table.AddRow(
            Markup.Escape(kernel),
            value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "[grey]not yet[/]",
            unit);
}
