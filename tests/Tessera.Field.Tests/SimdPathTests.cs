using System.Runtime.Intrinsics;

namespace Tessera.Field.Tests;

/// <summary>The path the kernels report agrees with the CPU and with the switches CI sets.</summary>
public class SimdPathTests
{
    [Fact]
    public void Path_honours_the_runtime_switches()
    {
        var path = BabyBearVector.Path;
        if (Off("DOTNET_EnableHWIntrinsic"))
        {
            Assert.Equal(SimdPath.Scalar, path);
        }

        if (Off("DOTNET_EnableAVX512F") || Off("DOTNET_EnableAVX512") || Off("DOTNET_EnableAVX2"))
        {
            Assert.NotEqual(SimdPath.Avx512, path);
        }

        if (Off("DOTNET_EnableAVX2") || Off("DOTNET_EnableAVX"))
        {
            Assert.Equal(SimdPath.Scalar, path);
        }
    }

    [Fact]
    public void Path_uses_the_widest_width_the_cpu_offers_when_nothing_is_switched_off()
    {
        var flags = CpuFlags();
        var anyOff = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Any(k => k.StartsWith("DOTNET_Enable", StringComparison.Ordinal) && Off(k));
        if (flags.Count == 0 || anyOff)
        {
            return; // not Linux/x86 with /proc/cpuinfo, or a path was switched off on purpose
        }

        if (flags.Contains("avx512f") && Vector512.IsHardwareAccelerated)
        {
            Assert.Equal(SimdPath.Avx512, BabyBearVector.Path);
        }
        else if (flags.Contains("avx2"))
        {
            Assert.Equal(SimdPath.Avx2, BabyBearVector.Path);
        }
    }

    [Fact]
    public void Width_matches_path()
    {
        var expected = BabyBearVector.Path switch
        {
            SimdPath.Avx512 => 16,
            SimdPath.Avx2 => 8,
            _ => 1,
        };
        Assert.Equal(expected, BabyBearVector.Width);
    }

    private static bool Off(string name) => Environment.GetEnvironmentVariable(name) is "0";

    private static HashSet<string> CpuFlags()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            return line is null ? [] : [.. line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
