using Tessera.Field;
using Tessera.Hash;
using Tessera.Vm.Memory;

namespace Tessera.Zkvm.Tests;

/// <summary>
/// The digests receipts are checked against are definitions: these pins change only with a
/// deliberate, versioned change of a tag or an encoding, and every field moves its digest.
/// </summary>
public sealed class DigestStabilityTests
{
    private static readonly Digest A = Seq(1);
    private static readonly Digest B = Seq(100);

    private static readonly ReceiptClaim Claim = new(0x1_0000, A, 0x1_0040, B, true, 7, JournalHasher.Initial, A, 3, 12345);

    [Fact]
    public void The_claim_digest_is_pinned()
    {
        Assert.Equal(PinnedClaim, Claim.Digest.ToString());
    }

    [Fact]
    public void The_image_id_and_program_digest_are_pinned()
    {
        var program = ImageId.ProgramDigest(0x1_0000, [0x0000_0013, 0x0000_0073], 9);
        Assert.Equal(PinnedProgram, program.ToString());
        Assert.Equal(PinnedImage, ImageId.From(program, 0x1_0000, A).ToString());
    }

    [Fact]
    public void The_journal_digest_is_pinned()
    {
        Assert.Equal(PinnedJournal, JournalHasher.Absorb(JournalHasher.Initial, "tessera"u8).ToString());
    }

    [Fact]
    public void Every_claim_field_moves_the_digest()
    {
        ReceiptClaim[] changed =
        [
            Claim with { PrePc = Claim.PrePc + 4 }, Claim with { PreState = B }, Claim with { PostPc = 0 }, Claim with { PostState = A },
            Claim with { Exited = false }, Claim with { ExitCode = 8 }, Claim with { JournalBefore = B }, Claim with { JournalAfter = B },
            Claim with { JournalBytes = 4 }, Claim with { Cycles = 12346 }, Claim with { Cycles = 12345 + (1UL << 32) },
        ];
        var digests = changed.Select(c => c.Digest).Append(Claim.Digest).ToHashSet();
        Assert.Equal(changed.Length + 1, digests.Count);
    }

    [Fact]
    public void Tags_and_lengths_separate_the_digests()
    {
        // Same payload, different tag; and a payload one word longer with a zero word.
        Assert.NotEqual(new TaggedHash("tessera.claim.v1").Word(1).Finish(), new TaggedHash("tessera.image.v1").Word(1).Finish());
        Assert.NotEqual(new TaggedHash("t").Word(1).Finish(), new TaggedHash("t").Word(1).Word(0).Finish());
        Assert.NotEqual(ImageId.ProgramDigest(0x1_0000, [0x13], 9), ImageId.ProgramDigest(0x1_0000, [0x13, 0], 9));
        Assert.NotEqual(ImageId.ProgramDigest(0x1_0000, [0x13], 9), ImageId.ProgramDigest(0x1_0000, [0x13], 10));
    }

    [Fact]
    public void An_image_id_parses_from_its_hex_and_nothing_else_does()
    {
        var id = ImageId.From(A, 4, B);
        Assert.Equal(id, ImageId.Parse(id.ToString()));
        Assert.Throws<FormatException>(() => ImageId.Parse("00"));
        Assert.Throws<FormatException>(() => ImageId.Parse(new string('z', 64)));
        Assert.Throws<FormatException>(() => ImageId.Parse(new string('f', 64)));
    }

    private static Digest Seq(uint start) => new([.. Enumerable.Range(0, 8).Select(i => BabyBear.FromCanonical(start + (uint)i))]);

    private const string PinnedClaim = "6059df45f91a46539bf9af72ad053a65996bc7180ba54d7191a80947e505cd2d";
    private const string PinnedProgram = "9aa51d2ffd47275fdfc46625b0b35e38ebf03121a933f1299569fe047b6cfe32";
    private const string PinnedImage = "81a9ba6c29117106a6bfab255e81420afd4fd62a0ce67c65edf29544b7db5475";
    private const string PinnedJournal = "5c92c96ca6167209b1308d0ecdc4d846f7f05b3d6796795dc0366e38082acc1e";
}
