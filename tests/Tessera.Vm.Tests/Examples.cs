namespace Tessera.Vm.Tests;

/// <summary>The example guests committed under guest/examples/bin, with inputs for them.</summary>
internal static class Examples
{
    public static string Path(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Tessera.slnx")))
        {
            dir = dir.Parent;
        }

        return System.IO.Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root"), "guest", "examples", "bin", name + ".elf");
    }

    public static byte[] Elf(string name) => File.ReadAllBytes(Path(name));

    public static byte[] Input(string name, int size)
    {
        var rng = new Random(size);
        switch (name)
        {
            case "fibonacci":
                return BitConverter.GetBytes(size);
            case "sort":
                {
                    var b = new byte[size * 4];
                    rng.NextBytes(b);
                    return b;
                }

            default:
                {
                    var b = new byte[size];
                    rng.NextBytes(b);
                    return b;
                }
        }
    }
}
