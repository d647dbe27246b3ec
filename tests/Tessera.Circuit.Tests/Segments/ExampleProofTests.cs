using Tessera.Vm.Elf;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>
/// The example guests (real picolibc ELFs) proven segment by segment, their claims chained into the whole run's result
/// (runs of 8 segments and more are proven as receipts in Tessera.Zkvm.Tests).
/// </summary>
public sealed class ExampleProofTests
{
    [Theory]
    [InlineData("fibonacci", 100, 13)]
    [InlineData("sha256", 200, 13)]
    [InlineData("sort", 60, 13)]
    public void An_example_guest_proves_segment_by_segment(string name, int size, int po2)
    {
        var elf = ElfProgram.Parse(Examples.Elf(name));
        var records = new List<SegmentRecord>();
        var report = Executor.Run(elf, Examples.Input(name, size), new ExecutionOptions { Po2 = po2, KeepRecords = true }, records.Add);
        var circuit = Rv32imCircuit.For(elf);
        var state = report.ImageId;
        var journal = JournalHasher.Initial;
        SegmentClaim? last = null;
        foreach (var record in records)
        {
            var (claim, proof) = circuit.Prove(record, Poseidon2Fixtures.Fast);
            circuit.Verify(claim, proof, po2, Poseidon2Fixtures.Fast);
            Assert.Equal(state, claim.PreDigest);
            Assert.Equal(journal, claim.JournalBefore);
            Assert.True(!claim.Exited || record == records[^1], "only the last segment exits");
            state = claim.PostDigest;
            journal = claim.JournalAfter;
            last = claim;
        }

        Assert.Equal(report.Final.Digest, state);
        Assert.True(last!.Exited);
        Assert.Equal(report.ExitCode, last.ExitCode);
        Assert.Equal(JournalHasher.Absorb(JournalHasher.Initial, report.Journal), journal);
        Assert.Equal(report.Journal.Length, records.Sum(r => r.Journal.Length));
    }
}
