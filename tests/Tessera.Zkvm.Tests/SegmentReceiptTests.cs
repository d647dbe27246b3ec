using Tessera.Circuit;
using Tessera.Field;
using Tessera.Hash;
using Tessera.Vm.Segments;

namespace Tessera.Zkvm.Tests;

/// <summary>A segment proven from its record alone, as a prover node does, bound to its context.</summary>
public sealed class SegmentReceiptTests(ReceiptFixture run) : IClassFixture<ReceiptFixture>
{
    private static readonly Digest Assignment = new([.. Enumerable.Range(0, 8).Select(i => BabyBear.FromCanonical(1000 + (uint)i))]);

    [Fact]
    public void Every_record_s_expected_claim_is_the_claim_its_segment_proves()
    {
        var records = Records();
        Assert.Equal(run.Receipt.Segments.Count, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(ReceiptClaim.Of(records[i]), run.Receipt.Segments[i].Claim);
        }
    }

    [Fact]
    public void A_seal_bound_to_a_context_verifies_only_in_that_context()
    {
        var circuit = Rv32imCircuit.For(run.Program);
        var record = Records()[1];
        var receipt = ZkvmProver.ProveSegment(circuit, record, ReceiptFixture.Accepted, Assignment);
        Assert.Equal(Assignment, receipt.Context);
        Assert.True(receipt.Verify(circuit, ReceiptFixture.Accepted) > 0);
        Assert.Throws<ReceiptRejectedException>(() => (receipt with { Context = default }).Verify(circuit, ReceiptFixture.Accepted));
        Assert.Throws<ReceiptRejectedException>(() => (receipt with { Context = run.Receipt.Segments[1].Context }).Verify(circuit, ReceiptFixture.Accepted));

        // Spliced into the run's receipt in its place, the bound seal verifies: the context does not change the claim.
        var segments = run.Receipt.Segments.ToArray();
        segments[1] = receipt;
        Assert.Equal(run.Execution.Journal, (run.Receipt with { Segments = segments }).Verify(run.ImageId, ReceiptFixture.Accepted).Journal);
        segments[1] = receipt with { Context = default };
        Assert.Throws<ReceiptRejectedException>(() => (run.Receipt with { Segments = segments }).Verify(run.ImageId, ReceiptFixture.Accepted));
    }

    [Fact]
    public void The_context_survives_the_segment_codec()
    {
        var circuit = Rv32imCircuit.For(run.Program);
        var receipt = ZkvmProver.ProveSegment(circuit, Records()[0], ReceiptFixture.Accepted, Assignment);
        var back = ReceiptCodec.DecodeSegment(ReceiptCodec.EncodeSegment(receipt));
        Assert.Equal(Assignment, back.Context);
        Assert.True(back.Verify(circuit, ReceiptFixture.Accepted) > 0);
    }

    private List<SegmentRecord> Records()
    {
        var records = new List<SegmentRecord>();
        Executor.Run(run.Program, run.Input, new ExecutionOptions { Po2 = ReceiptFixture.Po2, KeepRecords = true }, records.Add);
        return records;
    }
}
