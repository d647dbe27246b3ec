using System.Buffers.Binary;

namespace Tessera.Rollup;

/// <summary>An L2 account: a leaf of the state tree (docs/rollup-block.md).</summary>
/// <param name="Balance">Spendable balance.</param>
/// <param name="Nonce">Number of transfers this account has sent; the next must carry this value.</param>
/// <param name="PublicKey">Ed25519 public key, 32 bytes (all zero for an account only ever credited).</param>
public sealed record Account(ulong Balance, ulong Nonce, byte[] PublicKey)
{
    /// <summary>Encoded size: balance, nonce, public key.</summary>
    public const int Size = 48;

    /// <summary>The empty account, whose leaf is the empty leaf.</summary>
    public static Account Empty { get; } = new(0, 0, new byte[32]);

    /// <summary>True when every field is zero.</summary>
    public bool IsEmpty => Balance == 0 && Nonce == 0 && PublicKey.AsSpan().IndexOfAnyExcept((byte)0) < 0;

    /// <summary>Writes balance ‖ nonce ‖ public key (48 bytes, little-endian).</summary>
    public void Encode(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, Balance);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Nonce);
        PublicKey.AsSpan(0, 32).CopyTo(destination[16..]);
    }

    /// <summary>The leaf value: Keccak-256 of the encoding, or 32 zero bytes for the empty account.</summary>
    public byte[] LeafHash()
    {
        if (IsEmpty)
        {
            return new byte[32];
        }

        Span<byte> b = stackalloc byte[Size];
        Encode(b);
        return Keccak.Hash(b);
    }
}
