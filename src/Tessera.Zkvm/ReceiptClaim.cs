using Tessera.Circuit;
using Tessera.Hash;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;

namespace Tessera.Zkvm;

/// <summary>
/// What a receipt proves: running the program from the pre-state (pc and state digest) for
/// <see cref="Cycles"/> instructions reaches the post-state, exits (or not) with <see cref="ExitCode"/>,
/// and moves the journal digest from <see cref="JournalBefore"/> to <see cref="JournalAfter"/> over
/// <see cref="JournalBytes"/> bytes. A segment receipt claims one segment; a composite receipt
/// claims the whole run (pre-state the image's, journal from the empty one).
/// </summary>
/// <param name="PrePc">The pc before the first instruction.</param>
/// <param name="PreState">The state digest before (memory root with registers and pc).</param>
/// <param name="PostPc">The pc after the last instruction.</param>
/// <param name="PostState">The state digest after.</param>
/// <param name="Exited">Whether the run ended by exiting.</param>
/// <param name="ExitCode">The full a0 passed to exit (0 unless exited).</param>
/// <param name="JournalBefore">The journal digest before (<see cref="JournalHasher"/>).</param>
/// <param name="JournalAfter">The journal digest after.</param>
/// <param name="JournalBytes">The journal bytes committed in between.</param>
/// <param name="Cycles">The instructions executed.</param>
public sealed record ReceiptClaim(
    uint PrePc,
    Digest PreState,
    uint PostPc,
    Digest PostState,
    bool Exited,
    uint ExitCode,
    Digest JournalBefore,
    Digest JournalAfter,
    uint JournalBytes,
    ulong Cycles)
{
    /// <summary>
    /// The claim's digest: <c>H("tessera.claim.v1"; pre pc, pre state, post pc, post state, exited,
    /// exit code, journal before, journal after, journal bytes, cycles)</c>, every 32-bit value as two
    /// 16-bit limbs and the cycles as two 32-bit words (low first).
    /// </summary>
    public Digest Digest => new TaggedHash("tessera.claim.v1")
        .Word(PrePc).Digest(PreState).Word(PostPc).Digest(PostState).Bit(Exited).Word(ExitCode)
        .Digest(JournalBefore).Digest(JournalAfter).Word(JournalBytes).Word((uint)Cycles).Word((uint)(Cycles >> 32))
        .Finish();

    /// <summary>
    /// The claim a segment's record says its proof must make (what a job owner expects from a prover
    /// node, before it sees the proof).
    /// </summary>
    public static ReceiptClaim Of(SegmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Pre.Pc, record.Pre.Digest, record.Post.Pc, record.Post.Digest, record.Exited, record.ExitCode,
            record.JournalBefore, record.JournalAfter, (uint)record.Journal.Length, (ulong)record.UserCycles);
    }

    /// <summary>The claim of one proven segment.</summary>
    internal static ReceiptClaim From(SegmentClaim c) =>
        new(c.PrePc, c.PreDigest, c.PostPc, c.PostDigest, c.Exited, c.ExitCode, c.JournalBefore, c.JournalAfter, c.JournalBytes, c.Cycles);

    /// <summary>The circuit's form of a segment's claim, or null when it cannot be one (more than 2^32 cycles).</summary>
    internal SegmentClaim? ToSegment() => Cycles > uint.MaxValue ? null :
        new(PrePc, PreState, PostPc, PostState, Exited, ExitCode, JournalBefore, JournalAfter, JournalBytes, (uint)Cycles);
}
