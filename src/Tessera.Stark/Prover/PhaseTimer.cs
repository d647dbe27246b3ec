using System.Diagnostics;

namespace Tessera.Stark.Prover;

/// <summary>Prints the prover's phase times to stderr when TESSERA_STARK_TIMING=1 (for profiling runs).</summary>
internal sealed class PhaseTimer
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("TESSERA_STARK_TIMING") == "1";
    private readonly Stopwatch _sw = Stopwatch.StartNew();

    // Process CPU time as well: wall time on a shared machine says little about an A/B change.
    private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    public void Mark(string phase)
    {
        if (Enabled)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            Console.Error.WriteLine($"stark prove: {phase,-32} {_sw.Elapsed.TotalMilliseconds,9:F0} ms  cpu {(cpu - _cpu).TotalMilliseconds,9:F0} ms");
            _cpu = cpu;
            _sw.Restart();
        }
    }
}
