using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tessera.Network;

/// <summary>
/// A node's identity: the SHA-256 of its public key. Four machine words so that equality and
/// hashing are cheap for a scheduler holding tens of thousands of nodes.
/// </summary>
public readonly record struct NodeId(ulong W0, ulong W1, ulong W2, ulong W3) : IComparable<NodeId>
{
    /// <summary>Bytes in the wire form.</summary>
    public const int ByteLength = 32;

    /// <summary>The id of the node holding <paramref name="publicKey"/>.</summary>
    public static NodeId FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        Span<byte> hash = stackalloc byte[ByteLength];
        SHA256.HashData(publicKey, hash);
        return FromBytes(hash);
    }

    /// <summary>Reads the 32-byte wire form.</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public static NodeId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            throw new ArgumentException($"a node id is {ByteLength} bytes, not {bytes.Length}", nameof(bytes));
        }

        return new NodeId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>
    /// A well-spread id made from a number, for simulators and tests that need many nodes without
    /// key pairs.
    /// </summary>
    public static NodeId Synthetic(long n)
    {
        Span<byte> seed = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(seed, n);
        return FromPublicKey(seed);
    }

    /// <summary>Writes the 32-byte wire form.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, W0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W3);
    }

    /// <summary>The 32-byte wire form.</summary>
    public byte[] ToBytes()
    {
        var b = new byte[ByteLength];
        WriteTo(b);
        return b;
    }

    /// <inheritdoc/>
    public int CompareTo(NodeId other)
    {
        var c = W0.CompareTo(other.W0);
        if (c != 0)
        {
            return c;
        }

        c = W1.CompareTo(other.W1);
        if (c != 0)
        {
            return c;
        }

        c = W2.CompareTo(other.W2);
        return c != 0 ? c : W3.CompareTo(other.W3);
    }

    /// <summary>Full hex form.</summary>
    public string ToHex() => Convert.ToHexStringLower(ToBytes());

    /// <summary>The first 12 hex digits: enough to tell nodes apart in logs and reports.</summary>
    public override string ToString() => ToHex()[..12];
}
