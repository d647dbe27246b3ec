using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;

using Tessera.Circuit;
using Tessera.Rollup;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Vm.Elf;
using Tessera.Vm.Segments;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera bench prove</c>: one full segment of the rollup guest proven and verified at the default parameters.</summary>
internal static class BenchProveCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print the figures as JSON." };

    private static readonly Option<int> Po2 = new("--po2") { Description = "log2 of the segment's cycles (13..24).", DefaultValueFactory = _ => 16 };

    private static readonly Option<FileInfo> Elf = new("--elf")
    {
        Description = "The rollup guest.",
        DefaultValueFactory = _ => new FileInfo(Path.Combine("guest", "rollup", "bin", "rollup.elf")),
    };

    private static readonly Option<int> Txs = new("--txs") { Description = "Transfers in the generated block (enough to fill the first segment).", DefaultValueFactory = _ => 2 };

    public static Command Create()
    {
        var command = new Command("prove", "Prove and verify the first segment of a rollup block: time, memory, kHz per core, proof size, cells per cycle, per table.")
        {
            Json, Po2, Elf, Txs,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var po2 = parse.GetValue(Po2);
        var file = parse.GetValue(Elf)!;
        if (!file.Exists)
        {
            parse.InvocationConfiguration.Error.WriteLine($"bench prove: {file.FullName} not found (run from the repository root, or pass --elf)");
            return 2;
        }

        var program = ElfProgram.Load(file.FullName);
        var block = BlockGenerator.Generate(new BlockOptions(100, parse.GetValue(Txs)));
        SegmentRecord? record = null;
        try
        {
            Executor.Run(program, block.Bytes, new ExecutionOptions { Po2 = po2, KeepRecords = true }, r => record ??= r);
        }
        catch (UnsupportedPo2Exception e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"bench prove: {e.Message}");
            return 2;
        }

        var circuit = Rv32imCircuit.For(program);
        var parameters = ProofParameters.Default;

        // A warm-up at the same size: a prover node proves segment after segment.
        circuit.Prove(record!, parameters);
        var sw = Stopwatch.StartNew();
        var (_, witnesses) = circuit.Witness(record!);
        var witnessS = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var (claim, proof) = circuit.Prove(record!, parameters);
        var proveS = sw.Elapsed.TotalSeconds;
        var bytes = ProofCodec.Encode(proof);

        // Verification, decoding included: the first in the process (JIT, verifying key), then the
        // median of 20 more, as a node that checks proof after proof sees it.
        sw.Restart();
        circuit.Verify(claim, ProofCodec.Decode(circuit.Machine, parameters, bytes), po2, parameters);
        var firstVerifyMs = sw.Elapsed.TotalMilliseconds;
        var verifies = new double[20];
        for (var i = 0; i < verifies.Length; i++)
        {
            sw.Restart();
            circuit.Verify(claim, ProofCodec.Decode(circuit.Machine, parameters, bytes), po2, parameters);
            verifies[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(verifies);
        var verifyMs = verifies[verifies.Length / 2];
        var rss = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        var paging = circuit.PagingRows(record!);

        var cycles = (double)claim.Cycles;
        var tables = circuit.Machine.Tables.Select((t, i) => new BenchProveTable(
            t.Name, witnesses[i].Main.Height, t.Air.Width, t.AuxWidth, t.Interactions.Count)).ToArray();
        var mainCells = tables.Sum(t => (double)t.Height * t.Width);
        var auxCells = tables.Sum(t => (double)t.Height * t.AuxWidth * 4);
        var interactions = tables.Sum(t => (double)t.Height * t.Interactions);
        var r = new BenchProveResult(po2, record!.UserCycles, record.PagingCycles, proveS, witnessS, rss,
            cycles / proveS / Environment.ProcessorCount / 1e3, bytes.Length, verifyMs, firstVerifyMs,
            (mainCells + auxCells) / cycles, mainCells / cycles, interactions / cycles,
            paging.Permutations, record.PagingCycles + PagingCost.FixedPerSegment, paging.PageRows, paging.MerkleRows, tables);
        if (parse.GetValue(Json))
        {
            output.WriteLine(JsonSerializer.Serialize(r, CliJson.Options));
            return 0;
        }

        output.WriteLine($"po2 {po2}: {r.UserCycles:N0} user cycles (+{r.PagingCycles:N0} paging)  prove_s {proveS:F2}  witness_s {witnessS:F2}  " +
            $"peak_rss_mb {rss:F0}  khz_per_core {r.KhzPerCore:F1}  proof_bytes {bytes.Length:N0}  verify_ms {verifyMs:F1} (first {firstVerifyMs:F0})");
        output.WriteLine($"paging: {r.PagingPermutations:N0} permutations in the circuit ({r.PageRows:N0} page rows, {r.MerkleRows:N0} Merkle rows), " +
            $"{r.PagingCharged:N0} cycles charged by the executor");
        output.WriteLine($"cells_per_cycle {r.CellsPerCycle:F0} (main {r.MainCellsPerCycle:F0})  interactions_per_cycle {r.InteractionsPerCycle:F1}");
        foreach (var t in tables)
        {
            output.WriteLine($"  {t.Name,-16} 2^{int.Log2(t.Height),-2}  {t.Width,4} main  {t.AuxWidth,3} aux (ext)  {t.Interactions,3} interactions");
        }

        return 0;
    }
}

/// <summary>One table of the proven segment.</summary>
internal sealed record BenchProveTable(string Name, int Height, int Width, int AuxWidth, int Interactions);

/// <summary>
/// The figures of <c>bench prove</c>; cells count main and aux (extension cells as 4) per user cycle.
/// <c>VerifyMs</c> is the median of 20 warm verifications, <c>FirstVerifyMs</c> the process's first.
/// <c>PagingPermutations</c> is what the circuit's paging tables hash, <c>PagingCharged</c> what the
/// executor charged the segment for it (its paging cycles and the fixed per-segment cost).
/// </summary>
internal sealed record BenchProveResult(int Po2, long UserCycles, long PagingCycles, double ProveS, double WitnessS, double PeakRssMb,
    double KhzPerCore, int ProofBytes, double VerifyMs, double FirstVerifyMs, double CellsPerCycle, double MainCellsPerCycle,
    double InteractionsPerCycle, int PagingPermutations, long PagingCharged, int PageRows, int MerkleRows, BenchProveTable[] Tables);
