using System.Collections.Concurrent;

using Tessera.Rollup;
using Tessera.Stark.Fri;
using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

namespace Tessera.Zkvm.Tests;

/// <summary>The prover end to end: real guests and a rollup block, many segments, faults and cancellation.</summary>
public sealed class ProverTests
{
    private static readonly ProveOptions Fast = new() { Po2 = 13, Parameters = ProofParameters.Test, SegmentsInFlight = 2 };

    [Theory]
    [InlineData("fibonacci", 100)]
    [InlineData("sha256", 200)]
    public void An_example_guest_proves_and_verifies_with_the_executor_s_journal(string name, int size)
    {
        var elf = ElfProgram.Parse(Examples.Elf(name));
        var input = Examples.Input(name, size);
        var receipt = ZkvmProver.Prove(elf, input, Fast);
        var expected = Executor.Run(elf, input, new ExecutionOptions { Po2 = Fast.Po2 });
        var verified = receipt.Verify(ImageId.Of(elf), ProofParameters.Test);
        Assert.Equal(expected.Journal, verified.Journal);
        Assert.Equal(expected.ExitCode, verified.ExitCode);
    }

    [Fact]
    public void A_run_of_at_least_8_segments_at_po2_14_proves_and_verifies()
    {
        var elf = ElfProgram.Parse(Examples.Elf("sort"));
        var input = Examples.Input("sort", 700);
        var progress = new ConcurrentQueue<ProveProgress>();
        var receipt = ZkvmProver.Prove(elf, input, Fast with { Po2 = 14 }, new Progress(progress));
        Assert.True(receipt.Segments.Count >= 8, $"{receipt.Segments.Count} segments; the test wants at least 8");
        var verified = receipt.Verify(elf, ProofParameters.Test);
        Assert.Equal(Executor.Run(elf, input, new ExecutionOptions { Po2 = 14 }).Journal, verified.Journal);

        // Progress starts at 0 of the run's segments and reaches all of them, cycles with it.
        var reports = progress.ToArray();
        Assert.Equal(receipt.Segments.Count + 1, reports.Length);
        Assert.All(reports, p => Assert.Equal(receipt.Segments.Count, p.Segments));
        Assert.Equal(verified.Cycles, reports.Max(p => p.CyclesProven));
        Assert.Equal(Enumerable.Range(0, reports.Length), reports.Select(p => p.SegmentsProven).Order());
    }

    [Theory]
    [InlineData(0, 13)]
    [InlineData(1, 14)]
    public void A_rollup_block_proves_and_its_journal_is_the_host_oracle_s(int transfers, int po2)
    {
        var elf = ElfProgram.Load(Examples.Path("../../rollup/bin/rollup-nosig"));
        var block = BlockGenerator.Generate(new BlockOptions(Accounts: 4, Transfers: transfers, CheckSignatures: false));
        var receipt = ZkvmProver.Prove(elf, block.Bytes, Fast with { Po2 = po2, SegmentsInFlight = 1 });
        var verified = receipt.Verify(ImageId.Of(elf), ProofParameters.Test);
        Assert.Equal(block.Expected.Encode(), verified.Journal);
        Assert.Equal(0u, verified.ExitCode);
        Assert.Equal((uint)transfers, RollupJournal.Decode(verified.Journal).Accepted);
    }

    [Fact]
    public void A_guest_that_faults_is_reported_and_nothing_is_proven()
    {
        var elf = ElfProgram.Parse(TestElf.Build([Asm.Addi(Asm.A0, 0, 1), 0xFFFF_FFFF]));
        var progress = new ConcurrentQueue<ProveProgress>();
        var e = Assert.Throws<GuestFaultException>(() => ZkvmProver.Prove(elf, ReadOnlyMemory<byte>.Empty, Fast, new Progress(progress)));
        Assert.Equal(FaultKind.IllegalInstruction, e.Kind);
        Assert.Empty(progress);
    }

    [Fact]
    public void A_runaway_guest_stops_at_the_cycle_limit()
    {
        var elf = ElfProgram.Parse(TestElf.Build([Asm.Jal(0, 0)]));
        var e = Assert.Throws<GuestFaultException>(() => ZkvmProver.Prove(elf, ReadOnlyMemory<byte>.Empty, Fast with { MaxCycles = 100_000 }));
        Assert.Equal(FaultKind.CycleLimitExceeded, e.Kind);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(25)]
    public void A_po2_outside_13_to_24_is_refused(int po2)
    {
        var elf = ElfProgram.Parse(Examples.Elf("fibonacci"));
        Assert.Throws<UnsupportedPo2Exception>(() => ZkvmProver.Prove(elf, Examples.Input("fibonacci", 10), Fast with { Po2 = po2 }));
    }

    [Fact]
    public void A_cancelled_run_stops_with_the_cancellation()
    {
        var elf = ElfProgram.Parse(Examples.Elf("sort"));
        using var cts = new CancellationTokenSource();
        var progress = new Progress(new ConcurrentQueue<ProveProgress>(), p =>
        {
            if (p.SegmentsProven == 1)
            {
                cts.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => ZkvmProver.Prove(elf, Examples.Input("sort", 700), Fast with { SegmentsInFlight = 1 }, progress, cts.Token));
    }

    private sealed class Progress(ConcurrentQueue<ProveProgress> reports, Action<ProveProgress>? then = null) : IProgress<ProveProgress>
    {
        public void Report(ProveProgress value)
        {
            reports.Enqueue(value);
            then?.Invoke(value);
        }
    }
}
