using Tessera.Field;
using Tessera.Stark.Proofs;
using Tessera.Stark.Verifier;

namespace Tessera.Stark.Tests;

/// <summary>For tests of proof shapes: a verifier told to accept exactly the parameters the proof names.</summary>
internal static class TestVerify
{
    public static void AsMade(Machine machine, IReadOnlyList<BabyBear[]> publics, StarkProof proof) =>
        StarkVerifier.Verify(machine, publics, proof, proof.Parameters);
}
