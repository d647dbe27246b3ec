using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Debugging;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Verifier;

using static Tessera.Circuit.Tests.Poseidon2Fixtures;

namespace Tessera.Circuit.Tests;

public sealed class Poseidon2ProofTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void Honest_trace_proves_and_verifies(int logRows)
    {
        var m = new Machine(new Poseidon2Air());
        TableWitness[] w = [Poseidon2Air.Witness(RandomInputs((1 << logRows) - 1, logRows))];
        var proof = StarkProver.Prove(m, w, Fast);
        StarkVerifier.Verify(m, Publics(w), proof, Fast);
    }

    [Theory]
    [MemberData(nameof(Poseidon2ConstraintTests.CorruptionIndices), MemberType = typeof(Poseidon2ConstraintTests))]
    public void Proof_forced_from_a_corrupted_trace_is_rejected(int index)
    {
        var m = new Machine(new Poseidon2Air());
        TableWitness[] w = [Poseidon2ConstraintTests.Corrupted(index)];
        var proof = StarkProver.Prove(m, w, Fast, debugCheck: false);
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, Publics(w), proof, Fast));
    }

    private static (Machine Machine, TableWitness[] Witness) Lookups(int count, bool lie)
    {
        var inputs = RandomInputs(count, 21);
        var lookups = inputs.Select(x => (Input: x, Output: Permuted(x))).ToArray();
        if (lie)
        {
            lookups[1].Output[0] += BabyBear.One;
        }

        var ones = Enumerable.Repeat(BabyBear.One, count).ToArray();
        return (new Machine(new Poseidon2Air(), new Poseidon2ConsumerAir()),
            [Poseidon2Air.Witness(inputs, ones), Poseidon2ConsumerAir.Witness(lookups)]);
    }

    [Fact]
    public void A_table_looking_permutations_up_on_the_bus_proves_and_verifies()
    {
        var (m, w) = Lookups(6, lie: false);
        DebugChecker.Check(m, w);
        StarkVerifier.Verify(m, Publics(w), StarkProver.Prove(m, w, Fast), Fast);
    }

    [Fact]
    public void A_looked_up_wrong_output_unbalances_the_bus()
    {
        var (m, w) = Lookups(6, lie: true);
        Assert.Throws<BusImbalanceException>(() => DebugChecker.Check(m, w));
        var proof = StarkProver.Prove(m, w, Fast, debugCheck: false);
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, Publics(w), proof, Fast));
    }
}
