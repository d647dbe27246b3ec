using BenchmarkDotNet.Attributes;

using Tessera.Field;
using Tessera.Poly;
using Tessera.Stark;
using Tessera.Stark.Fri;
using Tessera.Stark.Pcs;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Synthetic;
using Tessera.Stark.Verifier;

namespace Tessera.Benchmarks;

/// <summary>
/// The STARK engine on the synthetic AIR of `tessera bench stark` at 2^14 rows (whole prove and
/// verify, default parameters), and its out-of-domain opening kernel on a 2^16 × 128 LDE. The
/// whole-run figures at 2^16 and 2^18 come from `tessera bench stark`.
/// </summary>
[MemoryDiagnoser]
public class StarkBenchmarks
{
    private readonly Machine _machine = new(new SyntheticAir(), new U16TableAir());
    private TableWitness[] _witness = [];
    private StarkProof _proof = null!;
    private VerifyingKey _key = null!;
    private RowMajorMatrix _lde = null!;
    private BabyBear4 _zeta;

    [GlobalSetup]
    public void Setup()
    {
        var (main, table) = SyntheticAir.Witness(14, 1);
        _witness = [main, table];
        _proof = StarkProver.Prove(_machine, _witness, ProofParameters.Default, debugCheck: false);
        _key = VerifyingKey.For(_machine, ProofParameters.Default);

        var rng = new Random(2);
        var trace = new RowMajorMatrix(128, 1 << 16);
        for (var i = 0; i < trace.Values.Length; i++)
        {
            trace.Values[i] = BabyBear.FromCanonical((uint)rng.NextInt64(BabyBear.Modulus));
        }

        _lde = Lde.CosetExtend(trace, 1);
        _zeta = new BabyBear4(BabyBear.FromCanonical(5), BabyBear.FromCanonical(7), BabyBear.FromCanonical(11), BabyBear.FromCanonical(13));
    }

    [Benchmark]
    public StarkProof Prove_2p14() => StarkProver.Prove(_machine, _witness, ProofParameters.Default, debugCheck: false);

    [Benchmark]
    public void Verify_2p14() => StarkVerifier.Verify(_machine, _key, [[], []], _proof);

    [Benchmark]
    public BabyBear4[][][] OpenAtZeta_2p16x128() => Barycentric.Evaluate([_lde], 16, BabyBear.Generator, _zeta, _zeta * BabyBear.TwoAdicGenerator(16));
}
