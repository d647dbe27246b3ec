using System.CommandLine;
using System.Text.Json;

using Tessera.Rollup;

namespace Tessera.Cli.Commands;

/// <summary>`tessera rollup ...`: the L2 block workload (docs/rollup-block.md).</summary>
internal static class RollupCommand
{
    public static Command Create()
    {
        var rollup = new Command("rollup", "The L2 block workload: blocks of signed transfers for the rollup guest.");
        rollup.Subcommands.Add(MakeBlock());
        return rollup;
    }

    private static Command MakeBlock()
    {
        var accounts = new Option<int>("--accounts") { Description = "Keyed accounts in the pre-state", Required = true };
        var txs = new Option<int>("--txs") { Description = "Transfers in the block, invalid ones included", Required = true };
        var invalid = new Option<int>("--invalid") { Description = "Transfers made invalid (bad signature, replayed nonce, overdraft in turn)" };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice", DefaultValueFactory = _ => 1 };
        var chain = new Option<uint>("--chain-id") { Description = "Chain id signed into every transfer", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the block", Required = true };
        var noSig = new Option<bool>("--no-sig") { Description = "Make the block for rollup-nosig.elf (badly signed transfers count as valid)" };
        var json = new Option<bool>("--json") { Description = "Print the expected journal as JSON" };
        var cmd = new Command("make-block", "Generate a block for guest/rollup/bin/rollup.elf (or rollup-nosig.elf) and the journal it must commit.")
        {
            accounts, txs, invalid, seed, chain, noSig, output, json,
        };
        cmd.SetAction(parse =>
        {
            var options = new BlockOptions(
                parse.GetValue(accounts), parse.GetValue(txs), parse.GetValue(invalid), parse.GetValue(seed), parse.GetValue(chain),
                !parse.GetValue(noSig));
            GeneratedBlock block;
            try
            {
                block = BlockGenerator.Generate(options);
            }
            catch (ArgumentOutOfRangeException e)
            {
                Console.Error.WriteLine($"make-block: {e.Message}");
                return 2;
            }

            var file = parse.GetValue(output)!;
            File.WriteAllBytes(file.FullName, block.Bytes);
            if (parse.GetValue(json))
            {
                WriteJson(Console.OpenStandardOutput(), file.FullName, options, block);
            }
            else
            {
                var e = block.Expected;
                Console.WriteLine(
                    $"wrote {file.FullName}: {block.Transfers.Count} transfers ({options.Invalid} invalid), {block.Bytes.Length:N0} bytes");
                Console.WriteLine(
                    $"expected journal: accepted {e.Accepted}, rejected {e.Rejected}, fees {e.TotalFees}, post root {Convert.ToHexStringLower(e.PostRoot)}");
            }

            return 0;
        });
        return cmd;
    }

    private static void WriteJson(Stream stream, string path, BlockOptions options, GeneratedBlock block)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("out", path);
        w.WriteNumber("bytes", block.Bytes.Length);
        w.WriteNumber("accounts", options.Accounts);
        w.WriteNumber("transfers", options.Transfers);
        w.WriteNumber("invalid", options.Invalid);
        w.WriteNumber("seed", options.Seed);
        w.WriteNumber("chainId", options.ChainId);
        w.WriteBoolean("checkSignatures", options.CheckSignatures);
        Journal(w, "expected", block.Expected);
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void Journal(Utf8JsonWriter w, string name, RollupJournal j)
    {
        w.WriteStartObject(name);
        w.WriteString("preRoot", Convert.ToHexStringLower(j.PreRoot));
        w.WriteString("postRoot", Convert.ToHexStringLower(j.PostRoot));
        w.WriteString("batchHash", Convert.ToHexStringLower(j.BatchHash));
        w.WriteNumber("chainId", j.ChainId);
        w.WriteNumber("accepted", j.Accepted);
        w.WriteNumber("rejected", j.Rejected);
        w.WriteNumber("totalFees", j.TotalFees);
        w.WriteString("journal", Convert.ToHexStringLower(j.Encode()));
        w.WriteEndObject();
    }
}
