namespace Tessera.Network.Node;

/// <summary>What a prover node offers and how often it speaks.</summary>
public sealed record ProverNodeOptions
{
    /// <summary>The largest segment it takes (log2 of cycles).</summary>
    public int MaxPo2 { get; init; } = 20;

    /// <summary>Tasks it proves at once.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Its measured speed, rows per second per worker.</summary>
    public double ProvingHz { get; init; } = 1 << 14;

    /// <summary>How often it advertises itself (which also tells owners it is alive).</summary>
    public TimeSpan AdvertEvery { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often it reports progress on the tasks it holds.</summary>
    public TimeSpan HeartbeatEvery { get; init; } = TimeSpan.FromSeconds(1);
}
