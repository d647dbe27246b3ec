using Tessera.Network.Identity;
using Tessera.Network.Scheduling;
using Tessera.Network.Work;

namespace Tessera.Network.Tests.Work;

public sealed class SignedDigestWorkTests
{
    private readonly NodeKey honest = NodeKey.Generate();
    private readonly NodeKey other = NodeKey.Generate();
    private readonly TaskId task = new(JobId.New(), 3);
    private readonly byte[] payload = [1, 2, 3, 4];

    private SignedDigestVerifier Verifier() =>
        new(id => id == honest.Id ? honest.PublicKey : id == other.Id ? other.PublicKey : null);

    [Fact]
    public async Task EachKindOfWrongResultIsTold()
    {
        var binding = new WorkBinding(task, 42, honest.Id);
        var claim = SignedDigestWork.ClaimOf(payload);
        var work = new SignedDigestWork(honest, TimeSpan.Zero);
        var good = await work.ProveAsync(payload, binding, new Progress<double>(), CancellationToken.None);
        var v = Verifier();

        Assert.True(v.Verify(binding, claim, good).IsValid);
        Assert.Equal(ResultVerdict.Invalid, v.Verify(binding, claim, [1, 2, 3]).Verdict);
        var flipped = (byte[])good.Clone();
        flipped[^1] ^= 1;
        Assert.Equal(ResultVerdict.Invalid, v.Verify(binding, claim, flipped).Verdict);

        // Another segment's valid proof, another prover's valid proof, an earlier assignment's.
        var otherSegment = SignedDigestWork.Make(honest, SignedDigestWork.ClaimOf([9]), binding with { Task = task with { Segment = 4 } });
        Assert.Equal(ResultVerdict.Foreign, v.Verify(binding, claim, otherSegment).Verdict);
        var stolen = SignedDigestWork.Make(other, claim, binding with { Prover = other.Id });
        Assert.Equal(ResultVerdict.Foreign, v.Verify(binding, claim, stolen).Verdict);
        var old = SignedDigestWork.Make(honest, claim, binding with { Nonce = 41 });
        Assert.Equal(ResultVerdict.Replayed, v.Verify(binding, claim, old).Verdict);
    }
}
