using System.Security.Cryptography;

using Tessera.Network.Identity;
using Tessera.Network.Work;

namespace Tessera.Network.Tests.Work;

/// <summary>How a test node misbehaves.</summary>
public enum Misbehaviour
{
    None,
    Garbage,
    OtherSegment,
    OldNonce,
    NeverAnswers,
    TenTimesSlower,
}

/// <summary>Work that misbehaves in one way, on top of the honest <see cref="SignedDigestWork"/>.</summary>
internal sealed class BadWork(NodeKey key, TimeSpan duration, Misbehaviour how) : ISegmentWork
{
    private readonly SignedDigestWork honest = new(key, how == Misbehaviour.TenTimesSlower ? duration * 10 : duration);

    public async Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation)
    {
        switch (how)
        {
            case Misbehaviour.Garbage:
                await Task.Delay(duration / 4, cancellation);
                return RandomNumberGenerator.GetBytes(SignedDigestWork.ResultLength);
            case Misbehaviour.OtherSegment:
                await Task.Delay(duration / 4, cancellation);
                return SignedDigestWork.Make(key, SignedDigestWork.ClaimOf([.. payload.Span, 1]), binding with { Task = binding.Task with { Segment = binding.Task.Segment + 1 } });
            case Misbehaviour.OldNonce:
                await Task.Delay(duration / 4, cancellation);
                return SignedDigestWork.Make(key, SignedDigestWork.ClaimOf(payload.Span), binding with { Nonce = binding.Nonce ^ 6 });
            case Misbehaviour.NeverAnswers:
                await Task.Delay(Timeout.Infinite, cancellation);
                throw new InvalidOperationException("unreachable");
            default:
                return await honest.ProveAsync(payload, binding, progress, cancellation);
        }
    }
}
