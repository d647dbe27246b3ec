using Tessera.Hash;

namespace Tessera.Circuit;

/// <summary>
/// What a segment proof proves: executing the program from the pre-state (pc and state digest) for
/// <see cref="Cycles"/> instructions reaches the post-state, exits (or not) with the code, and moves
/// the journal digest from <see cref="JournalBefore"/> to <see cref="JournalAfter"/> over
/// <see cref="JournalBytes"/> bytes.
/// </summary>
public sealed record SegmentClaim(
    uint PrePc,
    Digest PreDigest,
    uint PostPc,
    Digest PostDigest,
    bool Exited,
    uint ExitCode,
    Digest JournalBefore,
    Digest JournalAfter,
    uint JournalBytes,
    uint Cycles);
