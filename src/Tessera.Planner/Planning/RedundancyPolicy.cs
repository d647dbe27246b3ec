using System.Globalization;

namespace Tessera.Planner.Planning;

/// <summary>
/// How many nodes prove each segment. <c>fixed:K</c> replicates every segment K times up front (the
/// proposal's 1:4 answer is <c>fixed:5</c>); <c>adaptive</c> proves once, verifies, and re-assigns only
/// what failed — the scheduler's policy, which only the simulator can price.
/// </summary>
/// <param name="Adaptive">Whether work is re-assigned on failure instead of replicated up front.</param>
/// <param name="Replicas">Copies of each segment assigned up front.</param>
public sealed record RedundancyPolicy(bool Adaptive, int Replicas)
{
    /// <summary>One copy per segment.</summary>
    public static RedundancyPolicy None { get; } = new(false, 1);

    /// <summary>Parses <c>none</c>, <c>fixed:K</c>, <c>K</c> or <c>adaptive</c>.</summary>
    /// <exception cref="FormatException">Not one of those.</exception>
    public static RedundancyPolicy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim().ToLowerInvariant();
        if (s is "none")
        {
            return None;
        }

        if (s is "adaptive")
        {
            return new RedundancyPolicy(true, 1);
        }

        var k = s.StartsWith("fixed:", StringComparison.Ordinal) ? s["fixed:".Length..] : s;
        return int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var replicas) && replicas is >= 1 and <= 1000
            ? new RedundancyPolicy(false, replicas)
            : throw new FormatException($"\"{text}\" is not a redundancy policy (none, fixed:K with K in 1..1000, or adaptive)");
    }

    /// <inheritdoc/>
    public override string ToString() => Adaptive ? "adaptive" : Replicas == 1 ? "none" : string.Create(CultureInfo.InvariantCulture, $"fixed:{Replicas}");
}
