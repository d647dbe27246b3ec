using Tessera.Field;
using Tessera.Stark.Fri;
using Tessera.Stark.Security;
using Tessera.Stark.Synthetic;
using Tessera.Stark.Tests.Airs;

namespace Tessera.Stark.Tests;

public sealed class SecurityReportTests
{
    private const double KoalaBear = 2130706433; // 2^31 − 2^24 + 1

    private static int[] Twos(int n) => [.. Enumerable.Repeat(2, n)];

    // soundcalc's zkvms/openvm/openvm.toml (OpenVM 1.5.0), circuit "app"; reports/openvm.md.
    private static SoundnessModel OpenVmApp() => new()
    {
        FieldModulus = BabyBear.Modulus,
        ExtensionDegree = 4,
        LogInverseRate = 1,
        LogTraceLength = 23,
        BatchSize = 80000,
        Queries = 193,
        FoldingFactors = Twos(23),
        QueryGrindingBits = 20,
        BatchingGrindingBits = 20,
        DeepGrindingBits = 5,
        OpeningPoints = 2,
        Tables = [new TableTerms(23, 3, 15000)],
    };

    [Fact]
    public void OpenVM_app_circuit_matches_soundcalcs_published_report()
    {
        var r = SecurityReport.Evaluate(OpenVmApp());
        var udr = r.UniqueDecoding;
        Assert.Equal(100, udr.Total);
        Assert.Equal(105, udr["batching"]);
        Assert.Equal(100, udr["query phase"]);
        Assert.Equal(109, udr["ALI"]);
        Assert.Equal(103, udr["DEEP"]);
        Assert.Equal([102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 122, 123],
            Enumerable.Range(1, 23).Select(i => udr[$"commit round {i}"]));

        var jbr = r.Johnson;
        Assert.Equal(79, jbr.Total);
        Assert.Equal(82, jbr["batching"]);
        Assert.Equal(106, jbr["query phase"]);
        Assert.Equal(104, jbr["ALI"]);
        Assert.Equal(98, jbr["DEEP"]);
        Assert.Equal([.. Enumerable.Range(79, 23)], Enumerable.Range(1, 23).Select(i => jbr[$"commit round {i}"]));
        Assert.Equal(100, r.ProvenBits);
    }

    [Fact]
    public void OpenVM_internal_circuit_with_its_lookup_matches_soundcalcs_published_report()
    {
        var r = SecurityReport.Evaluate(OpenVmApp() with
        {
            LogInverseRate = 2,
            LogTraceLength = 21,
            BatchSize = 4000,
            Queries = 118,
            FoldingFactors = Twos(21),
            BatchingGrindingBits = 16,
            Tables = [new TableTerms(21, 4, 15000)],
            Lookups = [new LookupTerms("lookup", 128, 1, 1, 18)],
        });
        Assert.Equal((100, 134, 109, 105, 106, 103, 100),
            (r.UniqueDecoding.Total, r.UniqueDecoding["lookup"], r.UniqueDecoding["ALI"], r.UniqueDecoding["DEEP"],
             r.UniqueDecoding["batching"], r.UniqueDecoding["commit round 1"], r.UniqueDecoding["query phase"]));
        Assert.Equal((77, 134, 103, 98, 80, 77, 133),
            (r.Johnson.Total, r.Johnson["lookup"], r.Johnson["ALI"], r.Johnson["DEEP"],
             r.Johnson["batching"], r.Johnson["commit round 1"], r.Johnson["query phase"]));
    }

    [Fact]
    public void Pico_riscv_circuit_over_KoalaBear_matches_soundcalcs_published_report()
    {
        // soundcalc's zkvms/pico/pico.toml, circuit "riscv"; reports/pico.md.
        var r = SecurityReport.Evaluate(new SoundnessModel
        {
            FieldModulus = KoalaBear,
            ExtensionDegree = 4,
            LogInverseRate = 1,
            LogTraceLength = 22,
            BatchSize = 1435,
            Queries = 84,
            FoldingFactors = Twos(22),
            QueryGrindingBits = 16,
            OpeningPoints = 2,
            Tables = [new TableTerms(22, 3, 4729)],
            Lookups =
            [
                new LookupTerms("alu", 58720256 + 33554432, 14, 1, 0),
                new LookupTerms("byte", 352321536 + 589824, 6, 1, 0),
                new LookupTerms("global_type", 9437184 + 8388608, 11, 1, 0),
                new LookupTerms("memory", 2 * 25165824.0, 23, 1, 0),
                new LookupTerms("poseidon2", 2 * 8388608.0, 33, 1, 0),
                new LookupTerms("program", 2 * 4194304.0, 39, 1, 0),
                new LookupTerms("syscall", 4194304 + 1048576, 5, 1, 0),
            ],
        });
        var u = r.UniqueDecoding;
        Assert.Equal([50, 50, 92, 103, 123, 111, 99, 93, 92, 96, 93, 94, 95, 99],
            new[] { u.Total, u["query phase"], u["batching"], u["commit round 1"], u["commit round 22"], u["ALI"], u["DEEP"],
                u["alu"], u["byte"], u["global_type"], u["memory"], u["poseidon2"], u["program"], u["syscall"] });
        var j = r.Johnson;
        Assert.Equal([53, 53, 69, 81, 102, 106, 95],
            new[] { j.Total, j["query phase"], j["batching"], j["commit round 1"], j["commit round 22"], j["ALI"], j["DEEP"] });
        Assert.Equal(53, r.ProvenBits);
    }

    [Fact]
    public void The_multi_point_condition_is_enforced()
    {
        // θ = (1 − ρ)/2 with ρ = 1/2: (1 − θ)·n = 0.75·2k < k + 2 fails only for tiny domains.
        var tiny = OpenVmApp() with { LogTraceLength = 0, Tables = [new TableTerms(0, 3, 1)], FoldingFactors = [] };
        Assert.Throws<ArgumentException>(() => SecurityReport.Evaluate(tiny));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(18)]
    [InlineData(20)]
    [InlineData(24)]
    public void Defaults_give_100_proven_bits_under_unique_decoding_for_the_benchmark_machine(int logRows)
    {
        var m = new Machine(new SyntheticAir(), new U16TableAir());
        var r = SecurityReport.For(m, ProofParameters.Default, [logRows, U16TableAir.LogHeight]);
        Assert.True(r.UniqueDecoding.Total >= 100, string.Join(", ", r.UniqueDecoding.Components));
    }

    [Fact]
    public void Defaults_give_100_proven_bits_at_every_height_up_to_2p24()
    {
        foreach (var m in new[]
        {
            new Machine(new SyntheticAir(), new U16TableAir()),
            new Machine(new RangeCheckedAir(), new ByteTableAir()),
            new Machine(MemoryWitness.Airs()),
        })
        {
            var r = SecurityReport.WorstCase(m, ProofParameters.Default);
            Assert.True(r.UniqueDecoding.Total >= 100, string.Join(", ", r.UniqueDecoding.Components));
        }
    }

    [Fact]
    public void The_old_defaults_were_conjectured_secure_only()
    {
        // log_blowup 1, 85 queries, 16 grinding bits: 100 conjectured bits, 51 proven (85 · 0.415 + 16).
        var old = ProofParameters.Default with
        {
            NumQueries = 85,
            ProofOfWorkBits = 16,
            LookupProofOfWorkBits = 0,
            DeepProofOfWorkBits = 0,
            BatchingProofOfWorkBits = 0,
        };
        var m = new Machine(new SyntheticAir(), new U16TableAir());
        var r = SecurityReport.For(m, old, [18, 16]);
        Assert.Equal(100, SecurityReport.Conjectured(old));
        Assert.Equal(51, r.UniqueDecoding.Total);
        Assert.Equal("query phase", r.UniqueDecoding.Components.MinBy(c => c.Value).Key);
    }

    [Fact]
    public void A_round_where_a_smaller_table_enters_batches_one_more_function()
    {
        var m = new Machine(new SyntheticAir(), new U16TableAir());
        var model = SecurityReport.ModelOf(m, ProofParameters.Default, [20, 16]);

        // LDE 2^21 → 2^18 → 2^17 (the 2^16 table's LDE enters) → 2^14 → … → 2^2 → 2^1.
        Assert.Equal([8, 2, 8, 8, 8, 8, 8, 2], model.FoldingFactors);
        Assert.Equal([8, 3, 8, 8, 8, 8, 8, 2], model.FunctionsPerRound);
        Assert.Equal(20, model.LogTraceLength);
        Assert.Single(model.Lookups);
        Assert.Equal((1 << 20) + (1 << 16), model.Lookups[0].Rows);
    }

    [Theory]
    [InlineData(1, 100, 16, 115)] // Plonky3 / SP1 core: 100 + 16 − 1
    [InlineData(2, 50, 0, 99)] // RISC Zero: blowup 4, 50 queries, no grinding
    [InlineData(1, 200, 16, 122)] // capped by the extension field: ⌊123.6⌋ − 1
    public void Conjectured_bits_follow_the_ethstark_formula(int logBlowup, int queries, int pow, int expected) =>
        Assert.Equal(expected, SecurityReport.Conjectured(new ProofParameters { LogBlowup = logBlowup, NumQueries = queries, ProofOfWorkBits = pow }));

    [Theory]
    [InlineData(1, 0.415)] // FACTS.md: −log2(3/4)
    [InlineData(2, 0.678)] // −log2(5/8)
    public void Unique_decoding_bits_per_query_match_published_figures(int logBlowup, double bits) =>
        Assert.Equal(bits, SecurityReport.UniqueDecodingBitsPerQuery(logBlowup), 3);

    [Fact]
    public void Invalid_parameters_are_rejected()
    {
        var m = new Machine(new FibonacciAir());
        Assert.Throws<ArgumentOutOfRangeException>(() => SecurityReport.For(m, new ProofParameters { LogBlowup = 0 }, [10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecurityReport.For(m, new ProofParameters { NumQueries = 0 }, [10]));
        Assert.Throws<ArgumentException>(() => SecurityReport.For(m, ProofParameters.Default, [10, 10]));
    }
}
