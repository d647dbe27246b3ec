using Tessera.Vm.Memory;

namespace Tessera.Zkvm.Tests;

/// <summary>Whole runs proven and verified end to end, the verified journal and exit code the executor's.</summary>
public sealed class ProveVerifyTests(ReceiptFixture run) : IClassFixture<ReceiptFixture>
{
    [Fact]
    public void A_proven_run_verifies_against_its_image_id_and_returns_the_journal_and_exit_code()
    {
        Assert.True(run.Receipt.Segments.Count >= 3, $"the fixture has {run.Receipt.Segments.Count} segments; the tampering tests want at least 3");
        var verified = run.Receipt.Verify(run.ImageId, ReceiptFixture.Accepted);
        Assert.Equal(run.Execution.Journal, verified.Journal);
        Assert.Equal(run.Execution.ExitCode, verified.ExitCode);
        Assert.Equal((ulong)run.Execution.UserCycles, verified.Cycles);
        Assert.Equal(run.Execution.Segments, verified.Segments);
        Assert.True(verified.ProvenBits > 0);
        Assert.Equal(verified, run.Receipt.Verify(run.Program, ReceiptFixture.Accepted) with { Journal = verified.Journal });
    }

    [Fact]
    public void The_receipt_claims_the_whole_run_from_the_image_state_to_the_final_state()
    {
        var claim = run.Receipt.Claim();
        Assert.Equal(run.Execution.ImageId, claim.PreState);
        Assert.Equal(run.Execution.Final.Digest, claim.PostState);
        Assert.Equal(JournalHasher.Initial, claim.JournalBefore);
        Assert.Equal(JournalHasher.Absorb(JournalHasher.Initial, run.Execution.Journal), claim.JournalAfter);
        Assert.True(claim.Exited);
    }

    [Fact]
    public void The_encoding_round_trips_and_the_decoded_receipt_verifies()
    {
        var bytes = ReceiptCodec.Encode(run.Receipt);
        var decoded = ReceiptCodec.Decode(bytes);
        Assert.Equal(bytes, ReceiptCodec.Encode(decoded));
        Assert.Equal(run.Execution.Journal, decoded.Verify(run.ImageId, ReceiptFixture.Accepted).Journal);
    }
}
