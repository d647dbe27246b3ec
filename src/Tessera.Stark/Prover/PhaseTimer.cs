using System.Diagnostics;

namespace Tessera.Stark.Prover;

/// <summary>Prints the prover's phase times to stderr when TESSERA_STARK_TIMING=1 (for profiling runs).</summary>
internal sealed class PhaseTimer
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("TESSERA_STARK_TIMING") == "1";
    private readonly Stopwatch _sw = Stopwatch.StartNew();

    // Process CPU time as well: wall time on a shared machine says little about an A/B change.
    // Environment.CpuUsage allocates nothing (a Process object reads and parses /proc).
    private TimeSpan _cpu = Environment.CpuUsage.TotalTime;

    // Managed bytes allocated (outside the pools: garbage the proof leaves behind).
    private long _allocated = GC.GetTotalAllocatedBytes(precise: false);

    public void Mark(string phase)
    {
        if (Enabled)
        {
            var cpu = Environment.CpuUsage.TotalTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            Console.Error.WriteLine($"stark prove: {phase,-32} {_sw.Elapsed.TotalMilliseconds,9:F0} ms  cpu {(cpu - _cpu).TotalMilliseconds,9:F0} ms  " +
                $"allocated {(allocated - _allocated) / 1048576.0,7:F1} MB");
            _cpu = cpu;
            _allocated = allocated;
            _sw.Restart();
        }
    }
}
