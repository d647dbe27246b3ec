using BenchmarkDotNet.Attributes;

using Tessera.Circuit;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;

namespace Tessera.Benchmarks;

/// <summary>
/// The circuit's Poseidon2 table: the witness of 2^14 width-16 permutations and its proof at the
/// default parameters (299 columns). What paging in-circuit will cost per hashed page depends on it.
/// </summary>
[MemoryDiagnoser]
public class CircuitBenchmarks
{
    private const int LogPermutations = 14;

    private readonly Machine _machine = new(new Poseidon2Air());
    private List<BabyBear[]> _inputs = [];
    private TableWitness _witness = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _inputs = [.. Enumerable.Range(0, 1 << LogPermutations)
            .Select(_ => Enumerable.Range(0, Poseidon2Air.StateWidth).Select(_ => BabyBear.FromCanonical((uint)rng.NextInt64(BabyBear.Modulus))).ToArray())];
        _witness = Poseidon2Air.Witness(_inputs);
    }

    [Benchmark]
    public TableWitness Poseidon2_witness_2p14() => Poseidon2Air.Witness(_inputs);

    [Benchmark]
    public StarkProof Poseidon2_prove_2p14() => StarkProver.Prove(_machine, [_witness], FriParameters.Default, debugCheck: false);
}
