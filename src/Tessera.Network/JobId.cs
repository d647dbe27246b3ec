namespace Tessera.Network;

/// <summary>A job's identity, chosen by its owner (random, so that jobs of different owners never collide).</summary>
public readonly record struct JobId(Guid Value)
{
    /// <summary>Bytes in the wire form.</summary>
    public const int ByteLength = 16;

    /// <summary>A fresh random id.</summary>
    public static JobId New() => new(Guid.NewGuid());

    /// <summary>The 16-byte wire form.</summary>
    public byte[] ToBytes() => Value.ToByteArray();

    /// <summary>The first 8 hex digits, for logs.</summary>
    public override string ToString() => Value.ToString("N")[..8];
}
