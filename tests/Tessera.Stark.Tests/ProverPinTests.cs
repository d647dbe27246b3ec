using System.Security.Cryptography;

using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Synthetic;
using Tessera.Stark.Tests.Airs;
using Tessera.Stark.Verifier;

namespace Tessera.Stark.Tests;

/// <summary>
/// Pins the prover's output: SHA-256 of encoded proofs of fixed witnesses. Protocol version 5 (the
/// openings bound by 16 lane-hashed digests) re-pinned all three; from version 4 (issue 10's prover,
/// branch sec at dd7d032, which the merged issue-11 prover reproduced) to 5 nothing else changed.
/// Version 6 (Merkle rows of at most 8 elements are their own leaf digests, decision 0009) re-pinned all;
/// so did version 7 (the LogUp running sum shifted by S/n takes the last helper's place, decision 0010).
/// A change to the prover that keeps the protocol must keep these bytes.
/// </summary>
public sealed class ProverPinTests
{
    private static readonly ProofParameters Strong = new() { LogBlowup = 2, NumQueries = 24, ProofOfWorkBits = 4 };

    [Fact]
    public void SyntheticProofIsByteIdentical()
    {
        var m = new Machine(new SyntheticAir(), new U16TableAir());
        var (a, t) = SyntheticAir.Witness(10, 3);
        var bytes = ProofCodec.Encode(StarkProver.Prove(m, [a, t]));
        StarkVerifier.Verify(m, [[], []], ProofCodec.Decode(m, bytes));
        Assert.Equal("60B3B19992B3E217DA8540714EF09FD991FE4551B5938C4A9D47B24E514D9F7D", Hash(bytes));
    }

    [Fact]
    public void MemoryProofIsByteIdentical()
    {
        var m = new Machine(MemoryWitness.Airs());
        var w = MemoryWitness.Build(16, 12, 4, seed: 5);
        var bytes = ProofCodec.Encode(StarkProver.Prove(m, w, Strong));
        StarkVerifier.Verify(m, ProveVerifyTests.Publics(w), ProofCodec.Decode(m, bytes), Strong);
        Assert.Equal("E50875356184BCDE81A7CBBA9170F9243D2E9A2F24A99205433A4F8089FC9B22", Hash(bytes));
    }

    [Fact]
    public void ManyTablesProofIsByteIdentical()
    {
        // Unbalanced sends and random cells: not a valid statement, but every prover phase runs
        // on three tables of three heights with 0, 3 and 9 sends.
        var airs = new[] { new CostModelAir("a", 24, 4, 8, 3), new CostModelAir("b", 7, 0, 2, 0), new CostModelAir("c", 40, 3, 0, 9) };
        var m = new Machine(airs);
        var w = new[] { airs[0].Witness(9, 1), airs[1].Witness(8, 2), airs[2].Witness(10, 3) };
        var bytes = ProofCodec.Encode(StarkProver.Prove(m, w, Strong, debugCheck: false));
        Assert.Equal("B1E66653D1F074D691F4CDDB9AF25D9DF6B54CB7B38EEAAB9C1A86FC438DDB42", Hash(bytes));
    }

    [Fact]
    public void TablesOfOneHeightProofIsByteIdentical()
    {
        // Three tables of one height (and a fourth of another): they share the DEEP pass and the
        // openings' weights at that height; the bytes are those of one pass per table (cde2b4c).
        var airs = new[] { new CostModelAir("a", 24, 4, 8, 3), new CostModelAir("b", 7, 0, 2, 0), new CostModelAir("c", 40, 3, 0, 9),
            new CostModelAir("d", 16, 2, 2, 1) };
        var m = new Machine(airs);
        var w = new[] { airs[0].Witness(9, 1), airs[1].Witness(9, 2), airs[2].Witness(9, 3), airs[3].Witness(8, 4) };
        var bytes = ProofCodec.Encode(StarkProver.Prove(m, w, Strong, debugCheck: false));
        Assert.Equal("86DCCAC1EC7891B1F61F917EB72BC7ABB42167EC2887DA7F319A9EC45E994A59", Hash(bytes));
    }

    [Fact]
    public void OwnedWitnessesGiveTheSameProofs()
    {
        // Traces the prover takes over (extended in place) must give the bytes of ordinary ones.
        var m = new Machine(new SyntheticAir(), new U16TableAir());
        var (a, t) = SyntheticAir.Witness(10, 3);
        var owned = new[] { Own(a, 1), Own(t, 1) };
        var bytes = ProofCodec.Encode(StarkProver.Prove(m, owned));
        Assert.Equal("60B3B19992B3E217DA8540714EF09FD991FE4551B5938C4A9D47B24E514D9F7D", Hash(bytes));
        Assert.True(owned[0].Main.IsConsumed);
        Assert.Throws<ArgumentException>(() => StarkProver.Prove(m, owned, debugCheck: false));

        var airs = new[] { new CostModelAir("a", 24, 4, 8, 3), new CostModelAir("b", 7, 0, 2, 0), new CostModelAir("c", 40, 3, 0, 9) };
        var many = new Machine(airs);
        var w = new[] { Own(airs[0].Witness(9, 1), 2), Own(airs[1].Witness(8, 2), 2), Own(airs[2].Witness(10, 3), 2) };
        Assert.Equal("B1E66653D1F074D691F4CDDB9AF25D9DF6B54CB7B38EEAAB9C1A86FC438DDB42",
            Hash(ProofCodec.Encode(StarkProver.Prove(many, w, Strong, debugCheck: false))));
    }

    private static TableWitness Own(TableWitness w, int logBlowup)
    {
        var t = Trace.CreateForProving(w.Main.Width, w.Main.Height, logBlowup);
        w.Main.Values.AsSpan().CopyTo(t.Values);
        return new TableWitness(t, w.Publics);
    }

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
