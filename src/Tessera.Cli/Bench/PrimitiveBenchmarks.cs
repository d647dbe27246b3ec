using Tessera.Field;

namespace Tessera.Cli.Bench;

/// <summary>
/// Measures the figures of <see cref="PrimitiveFigures"/>. Quick mode shrinks every size and trial so
/// that tests can run the whole command in well under a second; its figures mean nothing.
/// </summary>
internal sealed class PrimitiveBenchmarks(bool quick)
{
    private readonly int trials = quick ? 2 : 7;
    private readonly double trialSeconds = quick ? 0.002 : 0.1;

    public PrimitiveFigures Run() => new()
    {
        Cores = Environment.ProcessorCount,
        Simd = BabyBearVector.Path.ToString(),
        MontgomeryMulPerSecondPerCore = MontgomeryMul(),
    };

    /// <summary>
    /// Packed Montgomery multiplications per second on one thread, over arrays that stay in L1:
    /// three 8 KiB arrays (2048 elements) fit every current core's 32–48 KiB data cache.
    /// </summary>
    private double MontgomeryMul()
    {
        var n = quick ? 256 : 2048;
        var rng = new Random(1);
        var a = new BabyBear[n];
        var b = new BabyBear[n];
        var c = new BabyBear[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = BabyBear.FromUInt32((uint)rng.Next());
            b[i] = BabyBear.FromUInt32((uint)rng.Next());
        }

        var seconds = Timing.BestSecondsPerCall(() => BabyBearVector.Mul(a, b, c), trials, trialSeconds);
        return n / seconds;
    }
}
