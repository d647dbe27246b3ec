namespace Tessera.Vm.Tests;

/// <summary>The riscv-tests conformance ELFs committed under guest/riscv-tests/bin, and the sources they come from.</summary>
internal static class RiscvTests
{
    public static readonly string[] Suites = ["rv32ui", "rv32um"];

    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Tessera.slnx")))
            {
                dir = dir.Parent;
            }

            return System.IO.Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root"), "guest", "riscv-tests");
        }
    }

    /// <summary>Path of bin/&lt;name&gt;.elf, e.g. name "rv32ui-add".</summary>
    public static string Path(string name) => System.IO.Path.Combine(Root, "bin", name + ".elf");

    public static byte[] Elf(string name) => File.ReadAllBytes(Path(name));

    /// <summary>"suite-test" for every test source of the suites, so a missing ELF fails rather than vanishes.</summary>
    public static IEnumerable<string> Names() =>
        Suites.SelectMany(suite => Directory.GetFiles(System.IO.Path.Combine(Root, "isa", suite), "*.S")
            .Select(f => $"{suite}-{System.IO.Path.GetFileNameWithoutExtension(f)}"))
            .Order(StringComparer.Ordinal);
}
