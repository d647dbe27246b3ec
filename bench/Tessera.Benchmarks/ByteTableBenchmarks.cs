using BenchmarkDotNet.Attributes;

using Tessera.Circuit;
using Tessera.Stark;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;

namespace Tessera.Benchmarks;

/// <summary>
/// The circuit's byte table (2^16 rows, 6 preprocessed and 5 main columns): its multiplicity
/// witness for 2^16 random lookups and its proof at the default parameters. Every segment proves
/// this table once, so its cost is a fixed floor per segment.
/// </summary>
[MemoryDiagnoser]
public class ByteTableBenchmarks
{
    private const int LogLookups = 16;

    private readonly Machine _machine = new(new ByteOpsAir());
    private ByteLookup[] _lookups = [];
    private TableWitness _witness = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(5);
        _lookups = [.. Enumerable.Range(0, 1 << LogLookups)
            .Select(i => new ByteLookup((ByteOp)(i % 5), (uint)rng.Next(256), (uint)rng.Next(256)))];
        _witness = ByteOpsAir.Witness(_lookups);
    }

    [Benchmark]
    public TableWitness ByteTable_witness_2p16_lookups() => ByteOpsAir.Witness(_lookups);

    // The lookups have no sender here, so the bus does not balance: prove without the debug check.
    [Benchmark]
    public StarkProof ByteTable_prove() => StarkProver.Prove(_machine, [_witness], FriParameters.Default, debugCheck: false);
}
