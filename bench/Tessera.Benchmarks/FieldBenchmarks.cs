using BenchmarkDotNet.Attributes;

using Tessera.Field;

namespace Tessera.Benchmarks;

/// <summary>
/// Field kernels over L1-resident arrays: scalar loops against the SIMD span kernels, extension
/// multiplication, and batch against one-by-one inversion. Figures per element = time / N.
/// </summary>
[MemoryDiagnoser]
public class FieldBenchmarks
{
    private const int N = 4096;

    private readonly BabyBear[] a = new BabyBear[N];
    private readonly BabyBear[] b = new BabyBear[N];
    private readonly BabyBear[] c = new BabyBear[N];
    private readonly BabyBear4[] ea = new BabyBear4[N / 4];
    private readonly BabyBear4[] eb = new BabyBear4[N / 4];
    private readonly BabyBear4[] ec = new BabyBear4[N / 4];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        for (var i = 0; i < N; i++)
        {
            a[i] = BabyBear.FromUInt32((uint)rng.Next(1, int.MaxValue));
            b[i] = BabyBear.FromUInt32((uint)rng.Next(1, int.MaxValue));
        }

        for (var i = 0; i < N / 4; i++)
        {
            ea[i] = new BabyBear4(a[4 * i], a[(4 * i) + 1], a[(4 * i) + 2], a[(4 * i) + 3]);
            eb[i] = new BabyBear4(b[4 * i], b[(4 * i) + 1], b[(4 * i) + 2], b[(4 * i) + 3]);
        }
    }

    [Benchmark(Baseline = true, Description = "mul 4096, scalar loop")]
    public void MulScalarLoop()
    {
        for (var i = 0; i < N; i++)
        {
            c[i] = a[i] * b[i];
        }
    }

    [Benchmark(Description = "mul 4096, BabyBearVector.Mul")]
    public void MulVector() => BabyBearVector.Mul(a, b, c);

    [Benchmark(Description = "dot 4096, mul then sum")]
    public BabyBear DotMulThenSum()
    {
        BabyBearVector.Mul(a, b, c);
        var s = BabyBear.Zero;
        foreach (var x in c)
        {
            s += x;
        }

        return s;
    }

    [Benchmark(Description = "dot 4096, BabyBearVector.Dot")]
    public BabyBear Dot() => BabyBearVector.Dot(a, b);

    [Benchmark(Description = "ext mul 1024, scalar loop")]
    public void ExtMulScalarLoop()
    {
        for (var i = 0; i < N / 4; i++)
        {
            ec[i] = ea[i] * eb[i];
        }
    }

    [Benchmark(Description = "ext mul 1024, BabyBear4Vector.Mul")]
    public void ExtMulVector() => BabyBear4Vector.Mul(ea, eb, ec);

    [Benchmark(Description = "ext mul 1024 by one element, BabyBear4Vector.MulScalar")]
    public void ExtMulByOne() => BabyBear4Vector.MulScalar(ea, eb[0], ec);

    [Benchmark(Description = "ext acc −= s·base 1024, BabyBear4Vector.SubScaledBase")]
    public void ExtSubScaledBase() => BabyBear4Vector.SubScaledBase(ec, eb[0], a.AsSpan(0, N / 4));

    [Benchmark(Description = "ext × base 1024, BabyBear4Vector.MulBase")]
    public void ExtMulBase() => BabyBear4Vector.MulBase(ea, a.AsSpan(0, N / 4), ec);

    [Benchmark(Description = "invert 4096, one by one")]
    public void InvertEach()
    {
        for (var i = 0; i < N; i++)
        {
            c[i] = a[i].Inverse();
        }
    }

    [Benchmark(Description = "invert 4096, BatchInversion")]
    public void InvertBatch() => BatchInversion.Invert(a, c);

    [Benchmark(Description = "invert ext 1024, BatchInversion")]
    public void InvertBatchExtension() => BatchInversion.Invert(ea, ec);
}
