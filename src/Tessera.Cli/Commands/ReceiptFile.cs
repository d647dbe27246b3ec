namespace Tessera.Cli.Commands;

/// <summary>Receipt files, written whole or not at all.</summary>
internal static class ReceiptFile
{
    /// <summary>Writes <paramref name="bytes"/> to a temporary file beside <paramref name="file"/> and moves it into place.</summary>
    public static void Write(FileInfo file, byte[] bytes)
    {
        var temp = file.FullName + ".partial";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, file.FullName, overwrite: true);
    }
}
