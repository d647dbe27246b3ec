using System.Globalization;

namespace Tessera.Planner.Simulation;

/// <summary>
/// A distribution of a node property, written as <c>fixed:V</c>, <c>uniform:LO:HI</c>,
/// <c>lognormal:MEDIAN:SIGMA</c> or <c>choice:V=W,V=W,...</c> (weights need not sum to 1). Values are
/// read by the caller's parser, so memory distributions take sizes (<c>choice:4GB=0.7,16GB=0.3</c>).
/// </summary>
public sealed class Distribution
{
    private readonly Func<Random, double> sample;

    private Distribution(string text, double min, Func<Random, double> sample)
    {
        Text = text;
        Min = min;
        this.sample = sample;
    }

    /// <summary>How it was written.</summary>
    public string Text { get; }

    /// <summary>The smallest value it can produce.</summary>
    public double Min { get; }

    /// <summary>Always <paramref name="value"/>.</summary>
    public static Distribution Fixed(double value) =>
        new(value.ToString(CultureInfo.InvariantCulture), value, _ => value);

    /// <summary>Parses <paramref name="text"/>; values through <paramref name="value"/> (plain numbers when null).</summary>
    /// <exception cref="FormatException">Not a distribution, or a value the parser refuses, or a non-positive value.</exception>
    public static Distribution Parse(string text, Func<string, double>? value = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        value ??= v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? "fixed" : text[..colon].Trim().ToLowerInvariant();
        var body = colon < 0 ? text : text[(colon + 1)..];
        try
        {
            switch (kind)
            {
                case "fixed":
                    {
                        var v = Positive(value(body.Trim()));
                        return new Distribution(text, v, _ => v);
                    }

                case "uniform":
                    {
                        var parts = body.Split(':');
                        var (lo, hi) = (Positive(value(parts[0].Trim())), Positive(value(parts[1].Trim())));
                        if (parts.Length != 2 || hi < lo)
                        {
                            break;
                        }

                        return new Distribution(text, lo, r => lo + ((hi - lo) * r.NextDouble()));
                    }

                case "lognormal":
                    {
                        var parts = body.Split(':');
                        var median = Positive(value(parts[0].Trim()));
                        var sigma = double.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture);
                        if (parts.Length != 2 || sigma < 0)
                        {
                            break;
                        }

                        return new Distribution(text, 0, r => median * Math.Exp(sigma * Normal(r)));
                    }

                case "choice":
                    {
                        var options = body.Split(',').Select(o =>
                        {
                            var eq = o.Split('=');
                            return (Value: Positive(value(eq[0].Trim())), Weight: eq.Length == 2 ? double.Parse(eq[1], NumberStyles.Float, CultureInfo.InvariantCulture) : 1.0);
                        }).ToArray();
                        var total = options.Sum(o => o.Weight);
                        if (options.Any(o => !(o.Weight > 0)) || !(total > 0))
                        {
                            break;
                        }

                        return new Distribution(text, options.Min(o => o.Value), r =>
                        {
                            var x = r.NextDouble() * total;
                            foreach (var (v, w) in options)
                            {
                                if ((x -= w) < 0)
                                {
                                    return v;
                                }
                            }

                            return options[^1].Value;
                        });
                    }
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or OverflowException)
        {
            throw new FormatException($"\"{text}\" is not a distribution: {e.Message}", e);
        }

        throw new FormatException($"\"{text}\" is not a distribution (fixed:V, uniform:LO:HI, lognormal:MEDIAN:SIGMA, choice:V=W,...)");
    }

    /// <summary>One draw.</summary>
    public double Sample(Random random) => sample(random);

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static double Positive(double v) =>
        v > 0 && double.IsFinite(v) ? v : throw new FormatException($"{v.ToString(CultureInfo.InvariantCulture)} is not a positive value");

    private static double Normal(Random r)
    {
        // Box–Muller: one of the pair is enough.
        var u1 = 1.0 - r.NextDouble();
        var u2 = r.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
