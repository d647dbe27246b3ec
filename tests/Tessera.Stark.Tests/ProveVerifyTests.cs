using Tessera.Field;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Tests.Airs;
using Tessera.Stark.Verifier;

namespace Tessera.Stark.Tests;

public sealed class ProveVerifyTests
{
    // Few queries keep the tests fast; the verifier's minimum is lowered to match.
    internal static readonly ProofParameters Fast = ProofParameters.Test;

    internal static BabyBear[][] Publics(TableWitness[] w) => [.. w.Select(x => x.Publics)];

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(64)]
    public void Fibonacci_proves_and_verifies(int rows)
    {
        var m = new Machine(new FibonacciAir());
        var w = new[] { FibonacciAir.Witness(rows) };
        var proof = StarkProver.Prove(m, w, Fast);
        StarkVerifier.Verify(m, Publics(w), proof, Fast);
    }

    [Fact]
    public void Range_check_with_byte_table_proves_and_verifies()
    {
        var m = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var (range, bytes) = RangeCheckedAir.Witness(16, seed: 1);
        TableWitness[] w = [range, bytes];
        var proof = StarkProver.Prove(m, w, Fast);
        StarkVerifier.Verify(m, Publics(w), proof, Fast);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(256)]
    [InlineData(2048)]
    public void The_preprocessed_commitment_is_one_per_blowup_whatever_the_other_tables_heights(int rows)
    {
        // The byte table has 256 rows; the range table is shorter, as tall or taller. Every table's
        // LDE lies on the same coset, so the verifier's preprocessed tree (the verifying key) built
        // for one proof serves them all: a builder that would have to run again fails the test.
        var m = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var (r0, b0) = RangeCheckedAir.Witness(64, seed: 2);
        StarkVerifier.Verify(m, Publics([r0, b0]), StarkProver.Prove(m, [r0, b0], Fast), Fast);
        var key = m.PreprocessedTree(Fast.LogBlowup, () => throw new InvalidOperationException("rebuilt"));
        var (range, bytes) = RangeCheckedAir.Witness(rows, seed: 3);
        TableWitness[] w = [range, bytes];
        StarkVerifier.Verify(m, Publics(w), StarkProver.Prove(m, w, Fast), Fast);
        Assert.Same(key, m.PreprocessedTree(Fast.LogBlowup, () => throw new InvalidOperationException("rebuilt")));
    }

    [Fact]
    public void Memory_proves_and_verifies()
    {
        var m = new Machine(MemoryWitness.Airs());
        var w = MemoryWitness.Build(64, 50, 5, seed: 3);
        var proof = StarkProver.Prove(m, w, Fast);
        StarkVerifier.Verify(m, Publics(w), proof, Fast);
    }

    [Fact]
    public void Wrong_public_value_is_rejected()
    {
        var m = new Machine(new FibonacciAir());
        var w = new[] { FibonacciAir.Witness(16) };
        var proof = StarkProver.Prove(m, w, Fast);
        var publics = Publics(w);
        publics[0] = [.. publics[0]];
        publics[0][2] += BabyBear.One;
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, publics, proof, Fast));
    }
}

public sealed class ParameterSetTests
{
    public static TheoryData<int, int, int, int> Sets => new()
    {
        { 1, 8, 0, 0 },
        { 2, 6, 4, 0 },
        { 3, 4, 1, 2 },
        { 1, 5, 3, 2 },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void Memory_machine_proves_and_verifies(int logBlowup, int queries, int pow, int logFinal)
    {
        var p = ProofParameters.Test with { LogBlowup = logBlowup, NumQueries = queries, ProofOfWorkBits = pow, LogFinalPolyLength = logFinal };
        var m = new Machine(MemoryWitness.Airs());
        var w = MemoryWitness.Build(32, 30, 3, seed: logBlowup);
        var proof = StarkProver.Prove(m, w, p);
        Assert.Equal(p, proof.Parameters);
        StarkVerifier.Verify(m, ProveVerifyTests.Publics(w), proof, p);
    }
}
