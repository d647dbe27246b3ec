using System.Globalization;

namespace Tessera.Network.Scheduling;

/// <summary>How many nodes work on a segment.</summary>
public abstract record SchedulingPolicy
{
    /// <summary>One node per segment; a second only for a late, silent or untrusted holder.</summary>
    public static SchedulingPolicy Adaptive { get; } = new AdaptivePolicy();

    /// <summary>Every segment on <paramref name="k"/> distinct nodes at once (the proposal's K = 5).</summary>
    public static SchedulingPolicy Replicate(int k) => new ReplicatePolicy(k);

    /// <summary>Reads <c>adaptive</c> or <c>replicate:K</c>.</summary>
    /// <exception cref="FormatException">Neither form.</exception>
    public static SchedulingPolicy Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "adaptive")
        {
            return Adaptive;
        }

        const string prefix = "replicate:";
        if (text.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && k is >= 1 and <= 64)
        {
            return Replicate(k);
        }

        throw new FormatException($"policy '{text}' is neither 'adaptive' nor 'replicate:K' with 1 <= K <= 64");
    }

    /// <summary>Nodes a segment is given at once before any lateness or failure.</summary>
    public abstract int BaseReplicas { get; }
}

/// <summary>One holder per segment, hedged by reputation and lateness.</summary>
public sealed record AdaptivePolicy : SchedulingPolicy
{
    /// <inheritdoc/>
    public override int BaseReplicas => 1;

    /// <inheritdoc/>
    public override string ToString() => "adaptive";
}

/// <summary>Fixed replication: <see cref="K"/> holders per segment; the first valid result wins.</summary>
/// <param name="K">Holders per segment.</param>
public sealed record ReplicatePolicy(int K) : SchedulingPolicy
{
    /// <inheritdoc/>
    public override int BaseReplicas => K;

    /// <inheritdoc/>
    public override string ToString() => $"replicate:{K}";
}
