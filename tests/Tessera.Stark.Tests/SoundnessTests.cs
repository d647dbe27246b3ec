using Tessera.Field;
using Tessera.Stark.Air;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Security;
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
            StarkVerifier.Verify(machine, ProveVerifyTests.Publics(witness), proof, ProveVerifyTests.Fast));
    }

    [Fact]
    public void Proof_of_an_unbalanced_bus_is_rejected()
    {
        var (machine, w) = Example("memory");
        w[1].Main[0, MemoryBoundaryAir.Final] += BabyBear.One;
        var proof = StarkProver.Prove(machine, w, ProveVerifyTests.Fast, debugCheck: false);
        var e = Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(machine, ProveVerifyTests.Publics(w), proof, ProveVerifyTests.Fast));
        Assert.Contains("unbalanced", e.Reason);
    }

    [Fact]
    public void A_proof_whose_claimed_sums_still_cancel_but_are_moved_between_tables_is_rejected()
    {
        // The bus stays balanced in the claim, so only each table's running-sum constraint (its
        // shift S/n) and the transcript can catch the move.
        var (machine, w) = Example("memory");
        var proof = StarkProver.Prove(machine, w, ProveVerifyTests.Fast);
        var delta = new BabyBear4(BabyBear.FromUInt32(3), BabyBear.FromUInt32(1), BabyBear.Zero, BabyBear.FromUInt32(7));
        proof.CumulativeSums[0] += delta;
        proof.CumulativeSums[1] -= delta;
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(machine, ProveVerifyTests.Publics(w), proof, ProveVerifyTests.Fast));
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
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(machine, ProveVerifyTests.Publics(w), proof, ProveVerifyTests.Fast));
    }

    [Fact]
    public void Proof_for_one_machine_does_not_verify_for_another()
    {
        var w = new[] { FibonacciAir.Witness(8) };
        var proof = StarkProver.Prove(new Machine(new FibonacciAir()), w, ProveVerifyTests.Fast);
        Assert.Throws<VerificationFailedException>(() =>
            StarkVerifier.Verify(new Machine(new FibonacciAir("other")), ProveVerifyTests.Publics(w), proof, ProveVerifyTests.Fast));
        Assert.Throws<VerificationFailedException>(() =>
            StarkVerifier.Verify(new Machine(new RangeCheckedAir(), new ByteTableAir()), [[], []], proof, ProveVerifyTests.Fast));
    }

    /// <summary>
    /// The attack of issue 10: the prover picked log_blowup 8, 11 queries and 20 grinding bits
    /// (107 conjectured bits, 31 proven), and the verifier only checked the conjectured figure.
    /// </summary>
    [Fact]
    public void A_proof_at_parameters_the_prover_chose_is_refused_before_any_work()
    {
        var w = new[] { FibonacciAir.Witness(8) };
        var m = new Machine(new FibonacciAir());
        var weak = ProofParameters.Default with { LogBlowup = 8, NumQueries = 11, ProofOfWorkBits = 20 };
        Assert.True(SecurityReport.Conjectured(weak) >= 100);
        Assert.True(SecurityReport.For(m, weak, [3]).UniqueDecoding.Total <= 31);
        var proof = StarkProver.Prove(m, w, weak);
        var e = Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, ProveVerifyTests.Publics(w), proof));
        Assert.Contains("parameters", e.Reason, StringComparison.Ordinal);
        Assert.False(m.HasPreprocessedTree(8));

        // Nor does the decoder read past the header of such a proof.
        var bytes = ProofCodec.Encode(proof);
        Assert.Throws<VerificationFailedException>(() => ProofCodec.Decode(m, ProofParameters.Default, bytes));
        Assert.Throws<VerificationFailedException>(() => new StarkVerifier(m, ProofParameters.Default).Decode(bytes));
    }

    [Fact]
    public void The_test_profile_is_accepted_only_by_a_verifier_told_to()
    {
        var w = new[] { FibonacciAir.Witness(8) };
        var m = new Machine(new FibonacciAir());
        var proof = StarkProver.Prove(m, w, ProofParameters.Test);
        Assert.NotEqual(ProofParameters.Default, ProofParameters.Test);
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, ProveVerifyTests.Publics(w), proof));
        StarkVerifier.Verify(m, ProveVerifyTests.Publics(w), proof, ProofParameters.Test);
    }

    /// <summary>
    /// The attack of issue 10: the verifier without a key built (and cached) the preprocessed
    /// commitment at whatever blowup the proof named.
    /// </summary>
    [Fact]
    public void No_preprocessed_tree_is_built_at_a_blowup_a_proof_chose()
    {
        var m = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var (range, bytes) = RangeCheckedAir.Witness(16, seed: 3);
        TableWitness[] w = [range, bytes];
        var proof = StarkProver.Prove(new Machine(new RangeCheckedAir(), new ByteTableAir()), w, ProveVerifyTests.Fast with { LogBlowup = 5 });
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, ProveVerifyTests.Publics(w), proof, ProveVerifyTests.Fast));
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, ProveVerifyTests.Publics(w), proof));
        Assert.False(m.HasPreprocessedTree(5));
    }

    /// <summary>
    /// The fold bus + Σ β^(j+1)·t_j does not bind a tuple's length: a sent (x, 0) would match a
    /// received (x). A machine whose tables use one bus with two tuple lengths is refused.
    /// </summary>
    [Fact]
    public void A_bus_with_two_tuple_lengths_is_refused_when_the_machine_is_built()
    {
        var e = Assert.Throws<ArgumentException>(() => new Machine(new PairSender(), new SingleReceiver()));
        Assert.Contains("'pairs'", e.Message, StringComparison.Ordinal);
    }

    private sealed class PairSender : IAir
    {
        public string Name => "sender";

        public int Width => 1;

        public void Eval(AirBuilder b) => b.Send("pairs", 1, b.Main(0), 0);
    }

    private sealed class SingleReceiver : IAir
    {
        public string Name => "receiver";

        public int Width => 1;

        public void Eval(AirBuilder b) => b.Receive("pairs", 1, b.Main(0));
    }
}
