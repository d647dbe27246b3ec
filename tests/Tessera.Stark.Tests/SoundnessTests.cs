using Tessera.Field;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Tests.Airs;
using Tessera.Stark.Verifier;

namespace Tessera.Stark.Tests;

public sealed class SoundnessTests
{
    private static (Machine Machine, TableWitness[] Witness) Example(string name) => name switch
    {
        "fib" => (new Machine(new FibonacciAir()), [FibonacciAir.Witness(8)]),
        "range" => Range(),
        _ => (new Machine(MemoryWitness.Airs()), MemoryWitness.Build(16, 12, 4, seed: 7)),
    };

    private static (Machine, TableWitness[]) Range()
    {
        var (range, bytes) = RangeCheckedAir.Witness(8, seed: 3);
        return (new Machine(new RangeCheckedAir(), new ByteTableAir()), [range, bytes]);
    }

    [Theory]
    [MemberData(nameof(DebugCheckerTests.CorruptionIndices), MemberType = typeof(DebugCheckerTests))]
    public void Proof_forced_from_a_trace_breaking_one_constraint_is_rejected(int index)
    {
        var c = DebugCheckerTests.Corruptions[index];
        var (machine, witness) = Example(c.Example);
        c.Apply(witness);
        var proof = StarkProver.Prove(machine, witness, ProveVerifyTests.Fast, debugCheck: false);
        Assert.Throws<VerificationFailedException>(() =>
            StarkVerifier.Verify(machine, ProveVerifyTests.Publics(witness), proof, 0));
    }

    [Fact]
    public void Proof_of_an_unbalanced_bus_is_rejected()
    {
        var (machine, w) = Example("memory");
        w[1].Main[0, MemoryBoundaryAir.Final] += BabyBear.One;
        var proof = StarkProver.Prove(machine, w, ProveVerifyTests.Fast, debugCheck: false);
        var e = Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(machine, ProveVerifyTests.Publics(w), proof, 0));
        Assert.Contains("unbalanced", e.Reason);
    }

    [Fact]
    public void Proof_of_an_out_of_range_value_is_rejected()
    {
        var (machine, w) = Example("range");

        // x = lo + 256·hi holds, but lo = 256 is not a byte: the byte table cannot absorb it.
        w[0].Main[2, 0] = BabyBear.FromUInt32(256 + (256 * 3));
        w[0].Main[2, 1] = BabyBear.FromUInt32(256);
        w[0].Main[2, 2] = BabyBear.FromUInt32(3);
        var proof = StarkProver.Prove(machine, w, ProveVerifyTests.Fast, debugCheck: false);
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(machine, ProveVerifyTests.Publics(w), proof, 0));
    }

    [Fact]
    public void Proof_for_one_machine_does_not_verify_for_another()
    {
        var w = new[] { FibonacciAir.Witness(8) };
        var proof = StarkProver.Prove(new Machine(new FibonacciAir()), w, ProveVerifyTests.Fast);
        Assert.Throws<VerificationFailedException>(() =>
            StarkVerifier.Verify(new Machine(new FibonacciAir("other")), ProveVerifyTests.Publics(w), proof, 0));
        Assert.Throws<VerificationFailedException>(() =>
            StarkVerifier.Verify(new Machine(new RangeCheckedAir(), new ByteTableAir()), [[], []], proof, 0));
    }

    [Fact]
    public void Weak_parameters_are_refused()
    {
        var w = new[] { FibonacciAir.Witness(8) };
        var m = new Machine(new FibonacciAir());
        var proof = StarkProver.Prove(m, w, ProveVerifyTests.Fast);
        var e = Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, ProveVerifyTests.Publics(w), proof));
        Assert.Contains("conjectured bits", e.Reason);
    }
}
