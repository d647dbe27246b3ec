using System.Diagnostics;

using Tessera.Field;
using Tessera.Hash.Challenger;

namespace Tessera.Stark.Prover;

/// <summary>
/// The time the prover spends grinding, for benchmarks that difference proofs of different
/// machines: the search for a proof-of-work witness costs a random number of permutations that is
/// fixed by the transcript, so two machines' proofs differ by it as well as by their work, and
/// repeating a proof does not average it out (at 20 bits it is about 0.1 s, and as much again
/// from one transcript to the next).
/// </summary>
internal static class GrindingClock
{
    private static long _wallTicks;
    private static long _cpuTicks;

    /// <summary>Accumulate the wall and process CPU time of every grind in this process (off by default).</summary>
    public static bool Enabled { get; set; }

    /// <summary>Wall time spent grinding since the last <see cref="Reset"/>.</summary>
    public static TimeSpan Wall => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _wallTicks));

    /// <summary>Process CPU time (all threads) spent grinding since the last <see cref="Reset"/>.</summary>
    public static TimeSpan Cpu => TimeSpan.FromTicks(Interlocked.Read(ref _cpuTicks));

    /// <summary>Zeroes both clocks.</summary>
    public static void Reset()
    {
        Interlocked.Exchange(ref _wallTicks, 0);
        Interlocked.Exchange(ref _cpuTicks, 0);
    }

    /// <summary><see cref="DuplexChallenger.Grind"/>, timed when <see cref="Enabled"/>.</summary>
    public static BabyBear Grind(DuplexChallenger challenger, int bits)
    {
        if (!Enabled)
        {
            return challenger.Grind(bits);
        }

        // Environment.CpuUsage allocates nothing; a Process object reads and parses /proc on every
        // call, garbage that the cost model's figure would count against the prover.
        var cpu = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        var witness = challenger.Grind(bits);
        Interlocked.Add(ref _wallTicks, Stopwatch.GetTimestamp() - start);
        Interlocked.Add(ref _cpuTicks, (Environment.CpuUsage.TotalTime - cpu).Ticks);
        return witness;
    }
}
