namespace Tessera.Network.Protocol;

/// <summary>Bounds on everything a peer can make a receiver hold. Checked before anything is allocated.</summary>
public sealed record ProtocolLimits
{
    /// <summary>The largest whole message (envelope and body).</summary>
    public int MaxMessageBytes { get; init; } = 64 << 20;

    /// <summary>The most tasks one heartbeat reports.</summary>
    public int MaxHeartbeatTasks { get; init; } = 256;

    /// <summary>The longest free-text reason (UTF-8 bytes).</summary>
    public int MaxReasonBytes { get; init; } = 256;

    /// <summary>How far a message's timestamp may be from the receiver's clock.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The defaults.</summary>
    public static ProtocolLimits Default { get; } = new();
}
