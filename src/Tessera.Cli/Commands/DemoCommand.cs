using System.CommandLine;

using Tessera.Rollup;
using Tessera.Vm.Execution;
using Tessera.Zkvm;

namespace Tessera.Cli.Commands;

/// <summary><c>tessera demo</c>: a small rollup block proven and verified end to end, the journal's roots beside the host oracle's.</summary>
internal static class DemoCommand
{
    private static readonly Option<int> Txs = new("--txs") { Description = "Signed transfers in the block.", DefaultValueFactory = _ => 2 };

    private static readonly Option<int> Po2 = new("--po2") { Description = "log2 of the cycles per segment (13..24).", DefaultValueFactory = _ => 19 };

    private static readonly Option<bool> NoSignatures = new("--no-sig") { Description = "Use rollup-nosig.elf (signatures not checked: about a third of the cycles per transfer)." };

    private static readonly Option<bool> Insecure = ProofOptions.InsecureTestParameters();

    public static Command Create()
    {
        var command = new Command("demo", "Prove and verify a small rollup block through the rollup guest, on this machine, and compare its journal with the host oracle's.")
        {
            Txs, Po2, NoSignatures, Insecure,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var signatures = !parse.GetValue(NoSignatures);
        var elf = RollupProof.DefaultElf(signatures);
        if (!elf.Exists)
        {
            error.WriteLine($"demo: {elf.FullName} not found (run from the repository root)");
            return 2;
        }

        var txs = parse.GetValue(Txs);
        var options = new ProveOptions { Po2 = parse.GetValue(Po2), Parameters = ProofOptions.Parameters(parse.GetValue(Insecure)) };
        output.WriteLine($"block          {txs} transfers over 16 accounts, through {elf.Name} ({(signatures ? "signatures checked" : "signatures not checked")})");
        RollupProof.Outcome r;
        try
        {
            r = RollupProof.Run(elf, new BlockOptions(16, txs, CheckSignatures: signatures), options, quiet: false, output);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or GuestFaultException or ReceiptException)
        {
            error.WriteLine($"demo: {e.Message}");
            return 1;
        }

        var v = r.Verified;
        output.WriteLine($"proved         {v.Segments} segments (po2 {options.Po2}), {v.Cycles:N0} cycles in {r.ProveSeconds:F1} s ({v.Cycles / r.ProveSeconds / 1e3:F1} kHz), peak {r.PeakRssMb:F0} MB");
        output.WriteLine($"verified       receipt of {r.ReceiptBytes:N0} bytes for image {r.ImageId} in {r.VerifySeconds * 1e3:F0} ms, {v.ProvenBits} proven bits");
        var guest = r.Journal;
        var oracle = r.Block.Expected;
        output.WriteLine($"{"",-14} {"guest (verified journal)",-66} host oracle");
        Row("pre_root", guest is null ? "-" : Convert.ToHexStringLower(guest.PreRoot), Convert.ToHexStringLower(oracle.PreRoot));
        Row("post_root", guest is null ? "-" : Convert.ToHexStringLower(guest.PostRoot), Convert.ToHexStringLower(oracle.PostRoot));
        Row("batch_hash", guest is null ? "-" : Convert.ToHexStringLower(guest.BatchHash), Convert.ToHexStringLower(oracle.BatchHash));
        Row("accepted", guest?.Accepted.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", oracle.Accepted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("fees", guest?.TotalFees.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", oracle.TotalFees.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.WriteLine(r.MatchesOracle ? "result         the verified journal equals the host oracle's" : "result         MISMATCH: the verified journal differs from the host oracle's");
        return r.MatchesOracle ? 0 : 1;

        void Row(string name, string a, string b) => output.WriteLine($"{name,-14} {a,-66} {b}");
    }
}
