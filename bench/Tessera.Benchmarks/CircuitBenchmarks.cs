using BenchmarkDotNet.Attributes;

using Tessera.Circuit;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;

namespace Tessera.Benchmarks;

/// <summary>
/// The circuit's tables at the default parameters. Poseidon2: the witness of 2^14 width-16
/// permutations and its proof (299 columns) — what paging in-circuit will cost per hashed page
/// depends on it. Byte table (2^16 rows, 6 preprocessed and 5 main columns): its multiplicity
/// witness for 2^16 random lookups and its proof — every segment proves it once, a fixed floor.
/// </summary>
[MemoryDiagnoser]
public class CircuitBenchmarks
{
    private const int LogPermutations = 14;
    private const int LogLookups = 16;

    private readonly Machine _machine = new(new Poseidon2Air());
    private readonly Machine _byteMachine = new(new ByteOpsAir());
    private List<BabyBear[]> _inputs = [];
    private TableWitness _witness = null!;
    private ByteLookup[] _lookups = [];
    private TableWitness _byteWitness = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _inputs = [.. Enumerable.Range(0, 1 << LogPermutations)
            .Select(_ => Enumerable.Range(0, Poseidon2Air.StateWidth).Select(_ => BabyBear.FromCanonical((uint)rng.NextInt64(BabyBear.Modulus))).ToArray())];
        _witness = Poseidon2Air.Witness(_inputs);
        _lookups = [.. Enumerable.Range(0, 1 << LogLookups)
            .Select(i => new ByteLookup((ByteOp)(i % 5), (uint)rng.Next(256), (uint)rng.Next(256)))];
        _byteWitness = ByteOpsAir.Witness(_lookups);
    }

    [Benchmark]
    public TableWitness Poseidon2_witness_2p14() => Poseidon2Air.Witness(_inputs);

    [Benchmark]
    public StarkProof Poseidon2_prove_2p14() => StarkProver.Prove(_machine, [_witness], ProofParameters.Default, debugCheck: false);

    [Benchmark]
    public TableWitness ByteTable_witness_2p16_lookups() => ByteOpsAir.Witness(_lookups);

    // The lookups have no sender here, so the bus does not balance: prove without the debug check.
    [Benchmark]
    public StarkProof ByteTable_prove() => StarkProver.Prove(_byteMachine, [_byteWitness], ProofParameters.Default, debugCheck: false);
}
