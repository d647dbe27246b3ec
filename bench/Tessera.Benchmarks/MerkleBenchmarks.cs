using BenchmarkDotNet.Attributes;

using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Challenger;
using Tessera.Hash.Merkle;

namespace Tessera.Benchmarks;

/// <summary>
/// Merkle commitment of 2^20 rows × 64 columns (the target: ≤ 0.8 s on 2 cores), an opening
/// and its verification, and 16-bit proof-of-work grinding.
/// </summary>
[MemoryDiagnoser]
public class MerkleBenchmarks
{
    private const int LogRows = 20;
    private const int Columns = 64;

    private MatrixView _matrix;
    private MerkleTree _tree = null!;
    private MerkleOpening _opening = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var values = new BabyBear[(1 << LogRows) * Columns];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BabyBear.FromCanonical((uint)rng.NextInt64(BabyBear.Modulus));
        }

        _matrix = new MatrixView(values, Columns);
        _tree = MerkleTree.Commit(_matrix);
        _opening = _tree.Open(12345);
    }

    [Benchmark]
    public Digest Commit_2p20x64() => MerkleTree.Commit(_matrix).Root;

    [Benchmark]
    public MerkleOpening Open() => _tree.Open(12345);

    [Benchmark]
    public MerkleVerificationFailure Verify() => MerkleVerifier.Check(_tree.Root, [_matrix.Dimensions], 12345, _opening);

    [Benchmark]
    public BabyBear Grind_16_bits()
    {
        var challenger = new DuplexChallenger();
        challenger.Observe(_tree.Root);
        return challenger.Grind(16);
    }
}
