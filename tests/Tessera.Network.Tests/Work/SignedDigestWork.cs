using System.Security.Cryptography;

using Tessera.Network.Identity;
using Tessera.Network.Work;

namespace Tessera.Network.Tests.Work;

/// <summary>
/// A stand-in for segment proving in tests, and a real check: the result is the prover's Ed25519
/// signature over the payload's SHA-256 (the "claim") and the binding. Garbage fails the
/// signature, another segment's result fails the claim, another prover's fails the key and an old
/// assignment's fails the nonce — each detected, none faked.
/// </summary>
internal sealed class SignedDigestWork(NodeKey key, TimeSpan duration) : ISegmentWork
{
    public const int ResultLength = 32 + WorkBinding.ByteLength + NodeKey.SignatureLength;
    private static readonly byte[] Domain = "tessera/test-work/v1\0"u8.ToArray();

    /// <summary>The claim a job owner expects for a payload.</summary>
    public static byte[] ClaimOf(ReadOnlySpan<byte> payload) => SHA256.HashData(payload);

    public async Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation)
    {
        const int steps = 10;
        for (var i = 1; i <= steps; i++)
        {
            await Task.Delay(duration / steps, cancellation).ConfigureAwait(false);
            progress.Report((double)i / steps);
        }

        return Make(key, ClaimOf(payload.Span), binding);
    }

    public static byte[] Make(NodeKey key, ReadOnlySpan<byte> claim, WorkBinding binding)
    {
        var result = new byte[ResultLength];
        claim.CopyTo(result);
        binding.Write(result.AsSpan(32));
        key.Sign(Signed(result.AsSpan(0, 32 + WorkBinding.ByteLength))).CopyTo(result.AsSpan(32 + WorkBinding.ByteLength));
        return result;
    }

    internal static byte[] Signed(ReadOnlySpan<byte> body) => [.. Domain, .. body];
}

/// <summary>Checks <see cref="SignedDigestWork"/> results; knows provers' keys from their signed envelopes.</summary>
internal sealed class SignedDigestVerifier(Func<NodeId, byte[]?> keyOf) : ISegmentVerifier
{
    public Verification Verify(WorkBinding binding, ReadOnlySpan<byte> expectedClaim, ReadOnlySpan<byte> result)
    {
        if (result.Length != SignedDigestWork.ResultLength)
        {
            return Verification.Invalid($"{result.Length} bytes, not {SignedDigestWork.ResultLength}");
        }

        var bound = result.Slice(32, WorkBinding.ByteLength);
        var job = new JobId(new Guid(bound[..16]));
        var segment = BitConverter.ToInt32(bound.Slice(16, 4));
        var nonce = BitConverter.ToUInt64(bound.Slice(20, 8));
        var prover = NodeId.FromBytes(bound.Slice(28, 32));
        if (keyOf(prover) is not { } key
            || !NodeKey.Verify(key, SignedDigestWork.Signed(result[..(32 + WorkBinding.ByteLength)]), result[(32 + WorkBinding.ByteLength)..]))
        {
            return Verification.Invalid("signature does not verify");
        }

        if (prover != binding.Prover)
        {
            return Verification.Foreign($"proven by {prover}, sent by {binding.Prover}");
        }

        if (!result[..32].SequenceEqual(expectedClaim) || new TaskId(job, segment) != binding.Task)
        {
            return Verification.Foreign($"a proof of {job}/{segment}, not {binding.Task}");
        }

        return nonce != binding.Nonce
            ? Verification.Replayed($"bound to assignment {nonce:x}, not {binding.Nonce:x}")
            : Verification.Ok;
    }
}
