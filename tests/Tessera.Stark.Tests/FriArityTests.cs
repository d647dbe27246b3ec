using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Merkle;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Tests.Airs;

namespace Tessera.Stark.Tests;

public sealed class FriArityTests
{
    private static ProofParameters With(int logArity, int logFinal, int queries = 8) =>
        ProofParameters.Test with { NumQueries = queries, LogFoldingArity = logArity, LogFinalPolyLength = logFinal };

    public static TheoryData<int, int, int> Sizes => new()
    {
        { 2, 0, 16 },
        { 2, 2, 256 },
        { 3, 0, 64 },
        { 3, 1, 512 },
        { 4, 0, 32 },
        { 4, 0, 1024 },
        { 4, 3, 256 },
        { 1, 3, 64 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Fibonacci_proves_and_verifies_at_every_arity_and_final_length(int logArity, int logFinal, int rows)
    {
        var m = new Machine(new FibonacciAir());
        var w = new[] { FibonacciAir.Witness(rows) };
        var proof = StarkProver.Prove(m, w, With(logArity, logFinal));
        var bytes = ProofCodec.Encode(proof);
        TestVerify.AsMade(m, ProveVerifyTests.Publics(w), ProofCodec.Decode(m, bytes));
        Assert.Equal(1 << logFinal, proof.FinalPolynomial.Length);
    }

    [Theory]
    [InlineData(3, 0, 1)]
    [InlineData(3, 0, 2)]
    [InlineData(3, 0, 3)]
    [InlineData(4, 0, 1)]
    [InlineData(4, 0, 2)]
    [InlineData(4, 2, 3)]
    [InlineData(2, 1, 3)]
    [InlineData(4, 0, 5)]
    [InlineData(1, 0, 2)]
    [InlineData(1, 2, 1)]
    public void Two_tables_whose_heights_differ_by_any_amount_prove_and_verify(int logArity, int logFinal, int gap)
    {
        // The shorter table's quotient enters FRI where the layer reaches its size, even when the
        // arity would otherwise step over that size.
        var m = new Machine(new FibonacciAir("tall"), new FibonacciAir("short"));
        var w = new[] { FibonacciAir.Witness(256), FibonacciAir.Witness(256 >> gap, 3, 4) };
        var proof = StarkProver.Prove(m, w, With(logArity, logFinal));
        TestVerify.AsMade(m, ProveVerifyTests.Publics(w), ProofCodec.Decode(m, ProofCodec.Encode(proof)));

        // And the short table is really checked: a wrong public value of it is caught.
        var publics = ProveVerifyTests.Publics(w);
        publics[1] = [.. publics[1]];
        publics[1][2] += BabyBear.One;
        Assert.Throws<VerificationFailedException>(() => TestVerify.AsMade(m, publics, proof));
    }

    [Fact]
    public void The_fold_schedule_stops_at_every_input_size_and_the_final_layer()
    {
        var p = With(4, 2);

        // LDE logs 19 (largest) and 17; final layer 2^(1 + 2).
        Assert.Equal([2, 4, 4, 4, 2], Protocol.FoldSchedule(p, 19, [19, 17]));
        Assert.Equal([1, 3], Protocol.FoldSchedule(With(3, 0), 5, [5, 4]));
        Assert.Equal([3, 1, 3, 1], Protocol.FoldSchedule(With(3, 0), 9, [9, 6, 5]));
        Assert.Empty(Protocol.FoldSchedule(p, 3, [3]));
        foreach (var logArity in new[] { 1, 2, 3, 4 })
        {
            var q = With(logArity, 1);
            var schedule = Protocol.FoldSchedule(q, 20, [20, 15, 11, 10]);
            Assert.Equal(20 - Protocol.FinalLayerLog(q), schedule.Sum());
            Assert.All(schedule, s => Assert.InRange(s, 1, logArity));
            var boundaries = new HashSet<int>();
            var log = 20;
            foreach (var s in schedule)
            {
                log -= s;
                boundaries.Add(log);
            }

            Assert.Superset(new HashSet<int> { 15, 11, 10 }, boundaries);
        }
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(4, 2)]
    public void Forced_proof_of_a_broken_trace_is_rejected_at_higher_arity(int logArity, int logFinal)
    {
        var m = new Machine(new FibonacciAir());
        var w = new[] { FibonacciAir.Witness(128) };
        w[0].Main[40, 1] += BabyBear.One;
        var proof = StarkProver.Prove(m, w, With(logArity, logFinal, 24), debugCheck: false);
        Assert.Throws<VerificationFailedException>(() => TestVerify.AsMade(m, ProveVerifyTests.Publics(w), proof));
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    public void Random_mutations_and_truncations_of_a_higher_arity_proof_are_rejected(int logArity, int logFinal)
    {
        var m = new Machine(new FibonacciAir("tall"), new FibonacciAir("short"));
        var w = new[] { FibonacciAir.Witness(128), FibonacciAir.Witness(32) };
        var bytes = ProofCodec.Encode(StarkProver.Prove(m, w, With(logArity, logFinal, 24)));
        var publics = ProveVerifyTests.Publics(w);
        TestVerify.AsMade(m, publics, ProofCodec.Decode(m, bytes));
        void Reject(byte[] b, string what)
        {
            try
            {
                TestVerify.AsMade(m, publics, ProofCodec.Decode(m, b));
            }
            catch (VerificationFailedException)
            {
                return;
            }

            Assert.Fail($"{what} was accepted");
        }

        Parallel.For(0, 400, n =>
        {
            var rng = new Random(n);
            var copy = (byte[])bytes.Clone();
            var i = rng.Next(bytes.Length);
            copy[i] ^= (byte)(1 + rng.Next(255));
            Reject(copy, $"mutation at byte {i}");
        });
        for (var cut = 0; cut < bytes.Length; cut += 97)
        {
            Reject(bytes[..cut], $"truncation to {cut}");
        }
    }

    [Fact]
    public void Well_formed_batches_of_another_shape_are_rejected()
    {
        var m = new Machine(new FibonacciAir());
        var w = new[] { FibonacciAir.Witness(64) };
        var proof = StarkProver.Prove(m, w, With(3, 0));
        var publics = ProveVerifyTests.Publics(w);

        static MerkleBatchOpening Reshape(MerkleBatchOpening b, bool extraRow, bool extraSibling)
        {
            var rows = Enumerable.Range(0, b.MatrixCount)
                .Select(i => extraRow && i == 0 ? [.. b.Rows(i), .. b.Row(i, 0)] : b.Rows(i).ToArray()).ToArray();
            Digest[] siblings = extraSibling ? [.. b.Siblings, b.Siblings[0]] : b.Siblings.ToArray();
            return new MerkleBatchOpening([.. Enumerable.Range(0, b.MatrixCount).Select(b.Width)], rows, siblings);
        }

        StarkProof Copy(Func<StarkProof, MerkleBatchOpening[]> inputs, Func<StarkProof, MerkleBatchOpening[]> fri) => new()
        {
            Parameters = proof.Parameters,
            LogHeights = proof.LogHeights,
            MainRoot = proof.MainRoot,
            AuxRoot = proof.AuxRoot,
            QuotientRoot = proof.QuotientRoot,
            CumulativeSums = proof.CumulativeSums,
            Openings = proof.Openings,
            FriRoots = proof.FriRoots,
            FinalPolynomial = proof.FinalPolynomial,
            PowWitness = proof.PowWitness,
            LookupPowWitness = proof.LookupPowWitness,
            DeepPowWitness = proof.DeepPowWitness,
            BatchingPowWitness = proof.BatchingPowWitness,
            InputOpenings = inputs(proof),
            FriOpenings = fri(proof),
        };

        // Unchanged, the copy verifies; each reshaped batch (a repeated row, a repeated sibling) does
        // not, although it encodes and decodes fine.
        TestVerify.AsMade(m, publics, Copy(p => p.InputOpenings, p => p.FriOpenings));
        foreach (var (row, sibling) in new[] { (true, false), (false, true) })
        {
            var inputs = Copy(p => [Reshape(p.InputOpenings[0], row, sibling), .. p.InputOpenings[1..]], p => p.FriOpenings);
            var fri = Copy(p => p.InputOpenings, p => [Reshape(p.FriOpenings[0], row, sibling), .. p.FriOpenings[1..]]);
            foreach (var forged in new[] { inputs, fri })
            {
                Assert.Throws<VerificationFailedException>(() => TestVerify.AsMade(m, publics, forged));
                Assert.Throws<VerificationFailedException>(() => TestVerify.AsMade(m, publics, ProofCodec.Decode(m, ProofCodec.Encode(forged))));
            }
        }
    }
}
