using System.Globalization;

namespace Tessera.Planner.Units;

/// <summary>
/// Memory sizes as operators write them: <c>4GB</c>, <c>512 MiB</c>, <c>4096</c>. K, M, G and T are binary
/// (2^10 ...) with or without the <c>i</c>, as the RISC Zero figures are (64 MB doubling to 128 GB at po2 24).
/// </summary>
public static class ByteSize
{
    /// <summary>Parses <paramref name="text"/> into bytes.</summary>
    /// <exception cref="FormatException">Not a positive size.</exception>
    public static long Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(s[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"\"{text}\" is not a size (try 4GB, 512MB or a number of bytes)");
        }

        var unit = s[end..].Trim().ToUpperInvariant();
        var shift = unit switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KIB" => 10,
            "M" or "MB" or "MIB" => 20,
            "G" or "GB" or "GIB" => 30,
            "T" or "TB" or "TIB" => 40,
            _ => throw new FormatException($"\"{text}\": unknown unit \"{s[end..].Trim()}\" (B, KB, MB, GB, TB)"),
        };
        var bytes = number * Math.Pow(2, shift);
        if (!(bytes >= 1) || bytes > long.MaxValue)
        {
            throw new FormatException($"\"{text}\" is not a positive size");
        }

        return (long)Math.Round(bytes);
    }

    /// <summary>Writes <paramref name="bytes"/> in the largest binary unit that keeps it readable: <c>4 GB</c>, <c>64 MB</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        var value = (double)bytes;
        var i = 0;
        while (value >= 1024 && i < units.Length - 1)
        {
            value /= 1024;
            i++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[i]}");
    }
}
