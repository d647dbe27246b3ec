using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Merkle;
using Tessera.Poly;

namespace Tessera.Cli.Bench;

/// <summary>
/// Measures the figures of <see cref="PrimitiveFigures"/>. Quick mode shrinks every size and trial so
/// that tests can run the whole command in about a second; its figures mean nothing.
/// </summary>
internal sealed class PrimitiveBenchmarks(bool quick)
{
    private readonly double warmupSeconds = quick ? 0.001 : 0.3;
    private readonly double budgetSeconds = quick ? 0.005 : 1.0;

    public PrimitiveFigures Run() => new()
    {
        Cores = Environment.ProcessorCount,
        Simd = BabyBearVector.Path.ToString(),
        MontgomeryMulPerSecondPerCore = MontgomeryMul(),
        Ntt2p20SingleColumnMs = NttSingleColumn(),
        Lde2p18x64Blowup2Ms = Lde(),
        Poseidon2W16PermsPerSecondPerCore = Poseidon2Perms(allCores: false),
        Poseidon2W16PermsPerSecondAllCores = Poseidon2Perms(allCores: true),
        MerkleCommit2p20x64Ms = MerkleCommit(),
    };

    /// <summary>
    /// Packed Montgomery multiplications per second on one thread, over arrays that stay in L1:
    /// three 8 KiB arrays (2048 elements) fit every current core's 32–48 KiB data cache.
    /// </summary>
    private double MontgomeryMul()
    {
        var n = quick ? 256 : 2048;
        var a = Random(n, 1);
        var b = Random(n, 2);
        var c = new BabyBear[n];
        return n / Time(() => BabyBearVector.Mul(a, b, c));
    }

    /// <summary>A forward NTT of one 2^20 column, natural order in and out, on all cores.</summary>
    private double NttSingleColumn()
    {
        var column = Random(quick ? 1 << 10 : 1 << 20, 3);
        return 1e3 * Time(() => Ntt.Forward(column));
    }

    /// <summary>
    /// A 2^18 × 64 trace extended to 2^19 rows on the generator's coset, bit-reversed as the prover
    /// commits it, into a reused matrix, on all cores.
    /// </summary>
    private double Lde()
    {
        var height = quick ? 1 << 8 : 1 << 18;
        var width = quick ? 8 : 64;
        var trace = new RowMajorMatrix(Random(height * width, 4), width);
        var destination = RowMajorMatrix.CreateUninitialized(width, height * 2);
        return 1e3 * Time(() => Poly.Lde.CosetExtendInto(trace, 1, BabyBear.Generator, LdeOrder.BitReversed, destination));
    }

    /// <summary>
    /// Width-16 permutations per second. One core: 240 states, under the batch's parallel threshold
    /// and a whole number of 16-lane bundles. All cores: 2^14 states split across cores.
    /// </summary>
    private double Poseidon2Perms(bool allCores)
    {
        var count = allCores ? (quick ? 512 : 1 << 14) : 240;
        var states = Random(count * Poseidon2.Width16, 5);
        return count / Time(() => Poseidon2.PermuteMany(states, Poseidon2.Width16));
    }

    /// <summary>Commits one 2^20 × 64 matrix (leaf hashing and the tree), on all cores.</summary>
    private double MerkleCommit()
    {
        var height = quick ? 1 << 8 : 1 << 20;
        var width = quick ? 8 : 64;
        var matrix = new MatrixView(Random(height * width, 6), width);
        return 1e3 * Time(() => MerkleTree.Commit(matrix));
    }

    private double Time(Action body) => Timing.BestSecondsPerCall(body, warmupSeconds, budgetSeconds);

    private static BabyBear[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var values = new BabyBear[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = BabyBear.FromUInt32((uint)rng.Next());
        }

        return values;
    }
}
