using BenchmarkDotNet.Attributes;

using Tessera.Field;
using Tessera.Hash;

namespace Tessera.Benchmarks;

/// <summary>
/// Poseidon2 throughput: one permutation at a time (scalar) against the multi-lane batch on one
/// thread (a batch below the parallel threshold) and on all cores, plus the Merkle-shaped batches.
/// Divide a batch's time by its <see cref="Batch"/> size (OperationsPerInvoke does it) for ns per
/// permutation.
/// </summary>
[MemoryDiagnoser]
public class HashBenchmarks
{
    private const int Batch = 240;
    private const int Large = 1 << 14;

    private BabyBear[] _one = [];
    private BabyBear[] _batch = [];
    private BabyBear[] _large = [];
    private BabyBear[] _rows = [];
    private Digest[] _children = [];
    private Digest[] _digests = [];

    [Params(16, 24)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        BabyBear[] Fill(int n) => Enumerable.Range(0, n).Select(_ => BabyBear.FromUInt32((uint)rng.Next())).ToArray();
        _one = Fill(Width);
        _batch = Fill(Width * Batch);
        _large = Fill(Width * Large);
        _rows = Fill(Large * 32);
        _children = Enumerable.Range(0, 2 * Large).Select(_ => new Digest(Fill(8))).ToArray();
        _digests = new Digest[Large];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public void Scalar()
    {
        for (var i = 0; i < Batch; i++)
        {
            Poseidon2.Permute(_one);
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void LanesOneThread() => Poseidon2.PermuteMany(_batch, Width);

    [Benchmark(OperationsPerInvoke = Large)]
    public void LanesAllCores() => Poseidon2.PermuteMany(_large, Width);

    /// <summary>Merkle leaves: 2^14 rows of 32 elements (4 permutations each).</summary>
    [Benchmark(OperationsPerInvoke = Large)]
    public void HashRows32()
    {
        if (Width == 16)
        {
            Poseidon2Sponge.HashRows(_rows, 32, _digests);
        }
    }

    /// <summary>One Merkle level: 2^14 parents from 2^15 children.</summary>
    [Benchmark(OperationsPerInvoke = Large)]
    public void CompressLevel()
    {
        if (Width == 16)
        {
            Poseidon2Compression.CompressPairs(_children, _digests);
        }
    }
}
