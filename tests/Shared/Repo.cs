namespace Tessera.Tests;

/// <summary>The repository the tests run in.</summary>
internal static class Repo
{
    /// <summary>The folder holding Tessera.slnx, above the test binaries.</summary>
    public static string Root()
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
}
