using System.Diagnostics;

using Tessera.Rollup;
using Tessera.Vm.Elf;
using Tessera.Zkvm;

namespace Tessera.Cli.Commands;

/// <summary>
/// A generated rollup block proven end to end through the rollup guest and its receipt verified
/// from its bytes, as a user would: the work shared by <c>tessera demo</c> and
/// <c>tessera bench prove-block</c>.
/// </summary>
internal static class RollupProof
{
    public static FileInfo DefaultElf(bool signatures) =>
        new(Path.Combine("guest", "rollup", "bin", signatures ? "rollup.elf" : "rollup-nosig.elf"));

    public static Outcome Run(FileInfo elf, BlockOptions blockOptions, ProveOptions options, bool quiet, TextWriter output)
    {
        var program = ElfProgram.Load(elf.FullName);
        var block = BlockGenerator.Generate(blockOptions);
        var sw = Stopwatch.StartNew();
        var bytes = ReceiptCodec.Encode(ProveDisplay.Run(quiet, output, progress => ZkvmProver.Prove(program, block.Bytes, options, progress)));
        var proveS = sw.Elapsed.TotalSeconds;
        var imageId = ImageId.Of(program);

        // Verified from its bytes, as a user would, with only the bytes held beside the decoded receipt.
        sw.Restart();
        var verified = Gc.WithoutFullCollections(() => ReceiptCodec.Decode(bytes).Verify(imageId, options.Parameters));
        var verifyS = sw.Elapsed.TotalSeconds;
        return new Outcome(block, imageId, bytes, verified, proveS, verifyS, Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0));
    }

    /// <summary>The proven block.</summary>
    internal sealed record Outcome(GeneratedBlock Block, ImageId ImageId, byte[] Receipt, VerifiedRun Verified,
        double ProveSeconds, double VerifySeconds, double PeakRssMb)
    {
        /// <summary>Bytes of the encoded receipt.</summary>
        public int ReceiptBytes => Receipt.Length;

        /// <summary>The verified journal read as the rollup's, or null when it is not one.</summary>
        public RollupJournal? Journal => Verified.Journal.Length == RollupJournal.Size ? RollupJournal.Decode(Verified.Journal) : null;

        /// <summary>Whether the verified journal is the host oracle's.</summary>
        public bool MatchesOracle => Verified.Journal.AsSpan().SequenceEqual(Block.Expected.Encode());
    }
}
