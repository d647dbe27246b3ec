using Tessera.Network.Scheduling;

namespace Tessera.Network.Work;

/// <summary>
/// The job owner's check of a returned result against the claim it expects for that segment
/// (its own execution computed the claim). Must be cheap (milliseconds), must never throw on
/// what a peer sent, and must tell apart the failures the scheduler treats differently.
/// </summary>
public interface ISegmentVerifier
{
    /// <summary>Checks <paramref name="result"/> for the task and binding, against <paramref name="expectedClaim"/>.</summary>
    Verification Verify(WorkBinding binding, ReadOnlySpan<byte> expectedClaim, ReadOnlySpan<byte> result);
}

/// <summary>A verifier's answer: the verdict the scheduler acts on, and a reason for the report.</summary>
/// <param name="Verdict">Valid, or which kind of wrong.</param>
/// <param name="Reason">Why, in words, when not valid.</param>
public readonly record struct Verification(ResultVerdict Verdict, string? Reason = null)
{
    /// <summary>A valid result.</summary>
    public static Verification Ok { get; } = new(ResultVerdict.Valid);

    /// <summary>Whether it counts.</summary>
    public bool IsValid => Verdict == ResultVerdict.Valid;

    /// <summary>A result that does not verify.</summary>
    public static Verification Invalid(string reason) => new(ResultVerdict.Invalid, reason);

    /// <summary>A valid result of something else.</summary>
    public static Verification Foreign(string reason) => new(ResultVerdict.Foreign, reason);

    /// <summary>A valid result bound to an earlier assignment.</summary>
    public static Verification Replayed(string reason) => new(ResultVerdict.Replayed, reason);
}
