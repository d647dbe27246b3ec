using Tessera.Circuit;
using Tessera.Hash;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Security;
using Tessera.Vm.Segments;

namespace Tessera.Zkvm;

/// <summary>
/// One segment's receipt: its claim and the seal (the encoded STARK proof of the rv32im circuit,
/// whose segment table holds the claim and the context as public values, which the transcript
/// absorbs, so the seal proves this claim in this context and no other).
/// </summary>
/// <param name="Po2">log2 of the segment's cycle budget (13..24): no instruction table is taller.</param>
/// <param name="Claim">What the segment proves.</param>
/// <param name="Seal">The proof, as <see cref="ProofCodec"/> encodes it.</param>
/// <param name="Context">
/// What the proof was made for besides its claim: zero when proven locally, a digest of the
/// assignment (task, nonce, prover) when proven by a network node, so that no node can hand in
/// another's proof. It does not change what the claim means.
/// </param>
public sealed record SegmentReceipt(int Po2, ReceiptClaim Claim, byte[] Seal, Digest Context = default)
{
    /// <summary>
    /// Verifies the seal for <paramref name="circuit"/> (the program's) at <paramref name="accepted"/>
    /// (<see cref="ProofParameters.Default"/> when null) and returns the proven security bits of
    /// this proof's shape; a seal at any other parameters is refused.
    /// </summary>
    /// <exception cref="ReceiptRejectedException">The seal does not prove the claim; the reason says why.</exception>
    public int Verify(Rv32imCircuit circuit, ProofParameters? accepted = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        accepted ??= ProofParameters.Default;
        if (Po2 is < UnsupportedPo2Exception.Min or > UnsupportedPo2Exception.Max)
        {
            throw new ReceiptRejectedException($"po2 {Po2} is outside {UnsupportedPo2Exception.Min}..{UnsupportedPo2Exception.Max}");
        }

        if (Claim?.ToSegment() is not { } claim)
        {
            throw new ReceiptRejectedException("a segment claims more cycles than a segment holds");
        }

        try
        {
            var proof = ProofCodec.Decode(circuit.Machine, accepted, Seal ?? []);
            circuit.Verify(claim, proof, Po2, accepted, Context);
            return SecurityReport.For(circuit.Machine, accepted, proof.LogHeights).ProvenBits;
        }
        catch (VerificationFailedException e)
        {
            throw new ReceiptRejectedException(e.Message, e);
        }
    }
}
