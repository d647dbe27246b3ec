using Tessera.Vm.Elf;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;
using Tessera.Vm.Tests;

namespace Tessera.Circuit.Tests.Segments;

/// <summary>The example guests (real picolibc ELFs) proven segment by segment, their claims chained into the whole run's result.</summary>
public sealed class ExampleProofTests
{
    [Theory]
    [InlineData("fibonacci", 100, 13)]
    [InlineData("sha256", 200, 13)]
    [InlineData("sort", 60, 13)]
    [InlineData("sort", 700, 14)]
    public void An_example_guest_proves_segment_by_segment(string name, int size, int po2)
    {
        var elf = ElfProgram.Parse(Examples.Elf(name));
        var records = new List<SegmentRecord>();
        var report = Executor.Run(elf, Examples.Input(name, size), new ExecutionOptions { Po2 = po2, KeepRecords = true }, records.Add);
        if (po2 == 14)
        {
            Assert.True(records.Count >= 8, $"{name} at size {size} ran {records.Count} segments; the test wants at least 8");
        }

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
