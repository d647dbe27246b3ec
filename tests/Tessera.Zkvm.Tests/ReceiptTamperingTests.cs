using Tessera.Hash;
using Tessera.Stark.Fri;
using Tessera.Vm.Elf;
using Tessera.Vm.Tests;

namespace Tessera.Zkvm.Tests;

/// <summary>
/// An attacker holding a real receipt edits it: every edit is rejected by verification, and the
/// reason names what broke.
/// </summary>
public sealed class ReceiptTamperingTests(ReceiptFixture run) : IClassFixture<ReceiptFixture>
{
    private CompositeReceipt Receipt => run.Receipt;

    private SegmentReceipt[] Segments => [.. Receipt.Segments];

    [Fact]
    public void A_changed_journal_byte_is_rejected()
    {
        Assert.NotEmpty(Receipt.Journal);
        var journal = Receipt.Journal.ToArray();
        journal[journal.Length / 2] ^= 1;
        Rejected(Receipt with { Journal = journal }, "journal does not hash");
    }

    [Fact]
    public void A_journal_with_a_byte_more_or_less_is_rejected()
    {
        Rejected(Receipt with { Journal = [.. Receipt.Journal, 0] }, "journal bytes");
        Rejected(Receipt with { Journal = Receipt.Journal[..^1] }, "journal bytes");
    }

    [Fact]
    public void A_changed_exit_code_is_rejected_by_the_last_seal()
    {
        var s = Segments;
        s[^1] = s[^1] with { Claim = s[^1].Claim with { ExitCode = s[^1].Claim.ExitCode + 1 } };
        Rejected(Receipt with { Segments = s }, $"segment {s.Length - 1}:");
    }

    [Fact]
    public void A_receipt_checked_against_another_program_s_image_id_is_rejected()
    {
        var other = ImageId.Of(ElfProgram.Parse(Examples.Elf("fibonacci")));
        Assert.NotEqual(run.ImageId, other);
        var e = Assert.Throws<ReceiptRejectedException>(() => Receipt.Verify(other, ReceiptFixture.Accepted));
        Assert.Contains("not for image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_swapped_for_another_program_s_is_rejected_against_the_image_id()
    {
        var code = Receipt.Code.ToArray();
        code[^1] ^= 0x100;
        Rejected(Receipt with { Code = code }, "not for image");
        Rejected(Receipt with { CodeBase = Receipt.CodeBase + 4 }, "not for image");
        Rejected(Receipt with { PageShift = Receipt.PageShift + 1 }, "not for image");
    }

    [Fact]
    public void A_changed_pre_state_is_rejected()
    {
        var s = Segments;
        s[0] = s[0] with { Claim = s[0].Claim with { PreState = Flip(s[0].Claim.PreState) } };
        Rejected(Receipt with { Segments = s }, "not for image");
        s = Segments;
        s[0] = s[0] with { Claim = s[0].Claim with { PrePc = s[0].Claim.PrePc + 4 } };
        Rejected(Receipt with { Segments = s }, "not for image");
    }

    [Fact]
    public void A_changed_post_state_is_rejected_by_the_chain_or_the_seal()
    {
        var s = Segments;
        s[^1] = s[^1] with { Claim = s[^1].Claim with { PostState = Flip(s[^1].Claim.PostState) } };
        Rejected(Receipt with { Segments = s }, $"segment {s.Length - 1}:");
        s = Segments;
        s[0] = s[0] with { Claim = s[0].Claim with { PostState = Flip(s[0].Claim.PostState) } };
        Rejected(Receipt with { Segments = s }, "does not start where segment 0 ended");
    }

    [Fact]
    public void A_boundary_forged_on_both_sides_is_rejected_by_the_seals()
    {
        // The chain holds (segment 0 ends where segment 1 starts) but neither seal proves the new state.
        var s = Segments;
        var forged = Flip(s[0].Claim.PostState);
        s[0] = s[0] with { Claim = s[0].Claim with { PostState = forged } };
        s[1] = s[1] with { Claim = s[1].Claim with { PreState = forged } };
        Rejected(Receipt with { Segments = s }, "segment 0:");
    }

    [Fact]
    public void Two_swapped_segments_are_rejected()
    {
        var s = Segments;
        (s[1], s[2]) = (s[2], s[1]);
        Rejected(Receipt with { Segments = s }, "does not start where");
    }

    [Fact]
    public void A_dropped_segment_is_rejected()
    {
        Rejected(Receipt with { Segments = [.. Segments.Where((_, i) => i != 1)] }, "does not start where");
        Rejected(Receipt with { Segments = Segments[..^1] }, "unfinished run");
        Rejected(Receipt with { Segments = Segments[1..] }, "not for image");
        Rejected(Receipt with { Segments = [] }, "segments");
    }

    [Fact]
    public void A_duplicated_segment_is_rejected()
    {
        var s = Segments.ToList();
        s.Insert(1, s[1]);
        Rejected(Receipt with { Segments = s }, "does not start where");
        Rejected(Receipt with { Segments = [.. Segments, Segments[^1]] }, "exits before the last segment");
    }

    [Fact]
    public void A_segment_from_another_run_of_the_same_program_is_rejected()
    {
        var other = ZkvmProver.Prove(run.Program, Examples.Input("sort", 201), run.Options);
        Assert.Equal(Receipt.Segments[0].Claim.PreState, other.Segments[0].Claim.PreState);
        for (var i = 0; i < Math.Min(other.Segments.Count, Receipt.Segments.Count) - 1; i++)
        {
            var s = Segments;
            s[i] = other.Segments[i];

            // Segment 0 shares the image's pre-state, so the break shows after it; later ones start elsewhere.
            var e = Assert.Throws<ReceiptRejectedException>(() => (Receipt with { Segments = s }).Verify(run.ImageId, ReceiptFixture.Accepted));
            Assert.Contains($"segment {Math.Max(i, 1)} does not start where", e.Message, StringComparison.Ordinal);
        }

        // The other run verifies on its own, against the same image ID.
        Assert.Equal(other.Journal, other.Verify(run.ImageId, ReceiptFixture.Accepted).Journal);
    }

    [Fact]
    public void A_seal_moved_to_another_segment_is_rejected()
    {
        var s = Segments;
        s[1] = s[1] with { Seal = s[2].Seal };
        Rejected(Receipt with { Segments = s }, "segment 1:");
    }

    [Fact]
    public void A_seal_claimed_for_another_context_is_rejected()
    {
        var s = Segments;
        s[1] = s[1] with { Context = Flip(s[1].Context) };
        Rejected(Receipt with { Segments = s }, "segment 1:");
    }

    [Fact]
    public void A_flipped_seal_byte_is_rejected()
    {
        var s = Segments;
        var seal = s[1].Seal.ToArray();
        seal[seal.Length / 3] ^= 0x10;
        s[1] = s[1] with { Seal = seal };
        Rejected(Receipt with { Segments = s }, "segment 1:");
    }

    [Fact]
    public void A_receipt_proven_at_other_parameters_than_the_verifier_s_is_rejected()
    {
        var e = Assert.Throws<ReceiptRejectedException>(() => Receipt.Verify(run.ImageId, ProofParameters.Default));
        Assert.Contains("parameters", e.Message, StringComparison.Ordinal);
        Assert.Throws<ReceiptRejectedException>(() => Receipt.Verify(run.ImageId));
    }

    [Fact]
    public void A_middle_segment_claiming_to_exit_or_other_cycles_is_rejected()
    {
        var s = Segments;
        s[1] = s[1] with { Claim = s[1].Claim with { Exited = true } };
        Rejected(Receipt with { Segments = s }, "exits before the last segment");
        s = Segments;
        s[1] = s[1] with { Claim = s[1].Claim with { Cycles = s[1].Claim.Cycles - 1 } };
        Rejected(Receipt with { Segments = s }, "segment 1:");
    }

    [Theory]
    [InlineData(12)]
    [InlineData(25)]
    [InlineData(-1)]
    public void A_po2_outside_13_to_24_is_rejected(int po2)
    {
        var s = Segments;
        s[0] = s[0] with { Po2 = po2 };
        Rejected(Receipt with { Segments = s }, "po2");
    }

    private static Digest Flip(Digest d)
    {
        var e = d.ToArray();
        e[3] += Tessera.Field.BabyBear.One;
        return new Digest(e);
    }

    private void Rejected(CompositeReceipt receipt, string reason)
    {
        var e = Assert.Throws<ReceiptRejectedException>(() => receipt.Verify(run.ImageId, ReceiptFixture.Accepted));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
