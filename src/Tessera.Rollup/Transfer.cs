using System.Buffers.Binary;

namespace Tessera.Rollup;

/// <summary>A signed L2 transfer as the block carries it (96 bytes, docs/rollup-block.md).</summary>
/// <param name="From">Sender account id (below 2^<see cref="RollupFormat.Depth"/>).</param>
/// <param name="To">Receiver account id.</param>
/// <param name="Amount">Amount moved to the receiver.</param>
/// <param name="Fee">Fee taken from the sender on top of the amount.</param>
/// <param name="Nonce">Must equal the sender's nonce.</param>
/// <param name="Signature">Ed25519 signature (R ‖ S, 64 bytes) over <see cref="SigningMessage(uint)"/>.</param>
public sealed record Transfer(uint From, uint To, ulong Amount, ulong Fee, ulong Nonce, byte[] Signature)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 96;

    /// <summary>Size of the signed message.</summary>
    public const int MessageSize = 44;

    /// <summary>Domain tag that starts every signed message.</summary>
    public static ReadOnlySpan<byte> DomainTag => "TSRL2TX1"u8;

    /// <summary>The 44 signed bytes: tag ‖ chain id ‖ from ‖ to ‖ amount ‖ fee ‖ nonce.</summary>
    public static byte[] SigningMessage(uint chainId, uint from, uint to, ulong amount, ulong fee, ulong nonce)
    {
        var m = new byte[MessageSize];
        DomainTag.CopyTo(m);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(8), chainId);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(12), from);
        BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(16), to);
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(20), amount);
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(28), fee);
        BinaryPrimitives.WriteUInt64LittleEndian(m.AsSpan(36), nonce);
        return m;
    }

    /// <summary>The message this transfer's signature must cover on chain <paramref name="chainId"/>.</summary>
    public byte[] SigningMessage(uint chainId) => SigningMessage(chainId, From, To, Amount, Fee, Nonce);

    /// <summary>Writes the 96-byte record: from ‖ to ‖ amount ‖ fee ‖ nonce ‖ signature.</summary>
    public void Encode(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, From);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], To);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Amount);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], Fee);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], Nonce);
        Signature.AsSpan(0, 64).CopyTo(destination[32..]);
    }
}
