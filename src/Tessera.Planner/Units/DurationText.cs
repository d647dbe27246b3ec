using System.Globalization;

namespace Tessera.Planner.Units;

/// <summary>Durations as operators write them: <c>5m</c>, <c>300s</c>, <c>1h30m</c>, <c>90</c> (seconds).</summary>
public static class DurationText
{
    /// <summary>Parses <paramref name="text"/> into seconds.</summary>
    /// <exception cref="FormatException">Not a positive duration.</exception>
    public static double ParseSeconds(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim().ToLowerInvariant();
        double total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                throw new FormatException($"\"{text}\" is not a duration (try 5m, 300s, 1h30m)");
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetterLower(s[i]))
            {
                i++;
            }

            total += number * s[unitStart..i] switch
            {
                "" or "s" => 1,
                "ms" => 1e-3,
                "m" or "min" => 60,
                "h" => 3600,
                "d" => 86400,
                var u => throw new FormatException($"\"{text}\": unknown unit \"{u}\" (ms, s, m, h, d)"),
            };
        }

        if (!(total > 0) || !double.IsFinite(total))
        {
            throw new FormatException($"\"{text}\" is not a positive duration");
        }

        return total;
    }

    /// <summary>Writes <paramref name="seconds"/> as <c>4 min 9 s</c>, <c>2 h 5 min</c> or <c>14 s</c>.</summary>
    public static string Format(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes} min")
            : t.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{t.Minutes} min {t.Seconds} s")
                : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s");
    }
}
