using Tessera.Stark.Fri;
using Tessera.Stark.Security;

namespace Tessera.Stark.Tests;

public sealed class SecurityReportTests
{
    [Theory]
    [InlineData(1, 100, 16, 115)] // Plonky3 / SP1 core: 100 + 16 − 1
    [InlineData(2, 50, 0, 99)] // RISC Zero: blowup 4, 50 queries, no grinding
    [InlineData(2, 42, 16, 99)] // OpenVM at log_blowup 2
    [InlineData(3, 28, 16, 99)] // OpenVM at log_blowup 3
    [InlineData(1, 200, 16, 122)] // capped by the extension field: ⌊123.6⌋ − 1
    [InlineData(4, 100, 20, 122)]
    public void Conjectured_bits_follow_the_ethstark_formula(int logBlowup, int queries, int pow, int expected)
    {
        var p = new FriParameters { LogBlowup = logBlowup, NumQueries = queries, ProofOfWorkBits = pow };
        Assert.Equal(expected, SecurityReport.Conjectured(p));
        Assert.Equal(expected, SecurityReport.For(p, 20).ConjecturedBits);
    }

    [Fact]
    public void Defaults_give_at_least_100_conjectured_bits() =>
        Assert.True(SecurityReport.Conjectured(FriParameters.Default) >= 100);

    [Theory]
    [InlineData(1, 0.415)] // FACTS.md: −log2(3/4)
    [InlineData(2, 0.678)] // −log2(5/8)
    public void Unique_decoding_bits_per_query_match_published_figures(int logBlowup, double bits) =>
        Assert.Equal(bits, SecurityReport.UniqueDecodingBitsPerQuery(logBlowup), 3);

    [Fact]
    public void Unique_decoding_bound_is_dominated_by_queries_for_moderate_domains()
    {
        // 100 · 0.415 + 16 = 57.5; the commit term (≈ 2^−97) is negligible at |D| = 2^20.
        var r = SecurityReport.For(new FriParameters { NumQueries = 100, ProofOfWorkBits = 16, LogFoldingArity = 1 }, 19);
        Assert.Equal(20, r.LogLdeSize);
        Assert.Equal((100 * -Math.Log2(0.75)) + 16, r.ProvenUniqueDecodingBits, 1);
    }

    [Fact]
    public void Proven_bounds_are_below_the_conjectured_figure_and_fall_with_domain_size()
    {
        foreach (var p in new[]
        {
            FriParameters.Default,
            new FriParameters { LogBlowup = 2, NumQueries = 50, ProofOfWorkBits = 0 },
            new FriParameters { LogBlowup = 3, NumQueries = 33, ProofOfWorkBits = 16 },
        })
        {
            var small = SecurityReport.For(p, 10);
            var large = SecurityReport.For(p, 24);
            Assert.True(small.ProvenUniqueDecodingBits <= small.ConjecturedBits + 1);
            Assert.True(small.ProvenJohnsonBits <= small.ConjecturedBits + 1);

            // Johnson's per-query error is at least √ρ, so it never beats (log_blowup/2)·queries + pow.
            Assert.True(small.ProvenJohnsonBits <= (p.LogBlowup / 2.0 * p.NumQueries) + p.ProofOfWorkBits);
            Assert.True(large.ProvenJohnsonBits < small.ProvenJohnsonBits);
            Assert.True(large.ProvenUniqueDecodingBits <= small.ProvenUniqueDecodingBits);
            Assert.True(large.ProvenJohnsonBits > 0 && large.ProvenUniqueDecodingBits > 0);
        }
    }

    [Fact]
    public void Johnson_beats_unique_decoding_at_high_rate_and_small_domains()
    {
        // ρ = 1/16: √ρ = 1/4 per query (2 bits) against (1 + ρ)/2 ≈ 0.53 (0.91 bits).
        var p = new FriParameters { LogBlowup = 4, NumQueries = 20, ProofOfWorkBits = 0 };
        var r = SecurityReport.For(p, 12);
        Assert.True(r.ProvenJohnsonBits > r.ProvenUniqueDecodingBits);
    }

    [Fact]
    public void The_sum_of_arities_bounds_every_fold_schedule()
    {
        // Against the schedules prover and verifier really use, for many table-size mixes.
        var rng = new Random(1);
        for (var trial = 0; trial < 500; trial++)
        {
            var p = new FriParameters { LogFoldingArity = rng.Next(1, 5), LogFinalPolyLength = rng.Next(0, 4), LogBlowup = rng.Next(1, 4) };
            var logD = rng.Next(Protocol.FinalLayerLog(p), 26);
            var inputs = Enumerable.Range(0, rng.Next(0, 5)).Select(_ => rng.Next(Protocol.FinalLayerLog(p), logD + 1)).Append(logD);
            var sum = Protocol.FoldSchedule(p, logD, inputs).Sum(s => 1 << s);
            Assert.True(sum <= SecurityReport.SumOfArities(p, logD), $"{p} at 2^{logD}: Σ arities {sum}");
        }
    }

    [Fact]
    public void Higher_arity_costs_proven_bits_when_the_commit_phase_dominates()
    {
        // 200 queries put the query term near 2^−99, below the commit term at |D| = 2^25, where the
        // bound on Σ arities doubles from arity 2 (24·2) to arity 16 (24·16/4): about one bit.
        var two = SecurityReport.For(new FriParameters { NumQueries = 200, LogFoldingArity = 1 }, 24);
        var sixteen = SecurityReport.For(new FriParameters { NumQueries = 200, LogFoldingArity = 4 }, 24);
        Assert.InRange(two.ProvenUniqueDecodingBits - sixteen.ProvenUniqueDecodingBits, 0.5, 1.0);
        Assert.True(sixteen.ProvenJohnsonBits < two.ProvenJohnsonBits);
        Assert.Equal(two.ConjecturedBits, sixteen.ConjecturedBits);
    }

    [Fact]
    public void Invalid_parameters_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SecurityReport.For(new FriParameters { LogBlowup = 0 }, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecurityReport.For(new FriParameters { NumQueries = 0 }, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecurityReport.For(FriParameters.Default, -1));
    }
}
