using BenchmarkDotNet.Attributes;

using Tessera.Field;
using Tessera.Poly;

namespace Tessera.Benchmarks;

/// <summary>
/// NTT and coset LDE at the sizes the prover uses. Targets (2-core AVX-512 machine): NTT of 2^20
/// elements in one column ≤ 6 ms on one core; LDE of 64 columns 2^18 → 2^19 ≤ 150 ms on 2 cores.
/// </summary>
[MemoryDiagnoser]
public class PolyBenchmarks
{
    private BabyBear[] column = [];
    private RowMajorMatrix trace = null!;
    private RowMajorMatrix lde = null!;
    private RowMajorMatrix narrow = null!;
    private RowMajorMatrix narrowLde = null!;
    private RowMajorMatrix aux20 = null!;
    private RowMajorMatrix aux20Lde = null!;
    private RowMajorMatrix aux40 = null!;
    private RowMajorMatrix aux40Lde = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        column = new BabyBear[1 << 20];
        for (var i = 0; i < column.Length; i++)
        {
            column[i] = BabyBear.FromUInt32((uint)rng.Next());
        }

        var t = new BabyBear[64 << 18];
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = BabyBear.FromUInt32((uint)rng.Next());
        }

        trace = new RowMajorMatrix(t, 64);
        lde = RowMajorMatrix.CreateUninitialized(64, 1 << 19);
        narrow = new RowMajorMatrix(t.AsSpan(0, 12 << 18).ToArray(), 12);
        narrowLde = RowMajorMatrix.CreateUninitialized(12, 1 << 19);
        aux20 = new RowMajorMatrix(t.AsSpan(0, 20 << 18).ToArray(), 20);
        aux20Lde = RowMajorMatrix.CreateUninitialized(20, 1 << 19);
        aux40 = new RowMajorMatrix(t.AsSpan(0, 40 << 18).ToArray(), 40);
        aux40Lde = RowMajorMatrix.CreateUninitialized(40, 1 << 19);
    }

    /// <summary>Forward NTT of one 2^20 column, natural order in and out, one thread.</summary>
    [Benchmark]
    public void Ntt_2pow20_single_column_one_thread() => Ntt.Forward(column, maxDegreeOfParallelism: 1);

    /// <summary>Coset LDE 64 × 2^18 → 2^19 (blowup 2), bit-reversed rows, into a reused buffer, all cores.</summary>
    [Benchmark]
    public void Lde_64x2pow18_blowup2() =>
        Lde.CosetExtendInto(trace, 1, BabyBear.Generator, LdeOrder.BitReversed, lde);

    /// <summary>The same LDE on one thread.</summary>
    [Benchmark]
    public void Lde_64x2pow18_blowup2_one_thread() =>
        Lde.CosetExtendInto(trace, 1, BabyBear.Generator, LdeOrder.BitReversed, lde, maxDegreeOfParallelism: 1);

    /// <summary>
    /// The LDE of a narrow aux matrix: 12 columns (three extension columns, so rows of 8 + 4 lanes),
    /// 2^18 → 2^19, all cores.
    /// </summary>
    [Benchmark]
    public void Lde_12x2pow18_blowup2() =>
        Lde.CosetExtendInto(narrow, 1, BabyBear.Generator, LdeOrder.BitReversed, narrowLde);

    /// <summary>The aux matrix of nine sends on a table (five extension columns, 16 + 4 lanes a row), all cores.</summary>
    [Benchmark]
    public void Lde_20x2pow18_blowup2() =>
        Lde.CosetExtendInto(aux20, 1, BabyBear.Generator, LdeOrder.BitReversed, aux20Lde);

    /// <summary>The aux matrix of about twenty sends (ten extension columns, 32 + 8 lanes a row), all cores.</summary>
    [Benchmark]
    public void Lde_40x2pow18_blowup2() =>
        Lde.CosetExtendInto(aux40, 1, BabyBear.Generator, LdeOrder.BitReversed, aux40Lde);
}
