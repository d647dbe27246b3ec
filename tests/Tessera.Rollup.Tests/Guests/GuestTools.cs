using System.Diagnostics;

namespace Tessera.Rollup.Tests.Guests;

/// <summary>Finds the repository, the committed guest ELFs and the tools that rebuild and run them.</summary>
internal static class GuestTools
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);
    private static readonly Lazy<string?> MissingLazy = new(FindMissing);

    public static string Root => RootLazy.Value;

    public static string GuestDir => Path.Combine(Root, "guest");

    /// <summary>Why the guest tests cannot run here, or null when the cross toolchain and qemu exist.</summary>
    public static string? Missing => MissingLazy.Value;

    public static string Elf(string relative) => Path.Combine(GuestDir, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tessera.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Tessera.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string? FindMissing()
    {
        string[] tools = ["riscv64-unknown-elf-gcc", "qemu-riscv32", "make"];
        var missing = tools.Where(t => !OnPath(t)).ToArray();
        if (!Directory.Exists("/usr/lib/picolibc/riscv64-unknown-elf"))
        {
            missing = [.. missing, "picolibc-riscv64-unknown-elf"];
        }

        return missing.Length == 0
            ? null
            : $"guest tools missing ({string.Join(", ", missing)}): run scripts/setup.sh to install them";
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>Runs a process to completion and returns its exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }
}
