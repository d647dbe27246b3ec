using System.Buffers.Binary;

namespace Tessera.Rollup;

/// <summary>What the rollup guest commits (116 bytes, docs/rollup-block.md).</summary>
/// <param name="PreRoot">State root before the block.</param>
/// <param name="PostRoot">State root after the block.</param>
/// <param name="BatchHash">Keccak-256 of the 96-byte transfer records, concatenated in order.</param>
/// <param name="ChainId">Chain the signatures were checked for.</param>
/// <param name="Accepted">Transfers applied.</param>
/// <param name="Rejected">Transfers rejected (no effect on the state).</param>
/// <param name="TotalFees">Sum of the fees of the accepted transfers.</param>
public sealed record RollupJournal(
    byte[] PreRoot, byte[] PostRoot, byte[] BatchHash, uint ChainId, uint Accepted, uint Rejected, ulong TotalFees)
{
    /// <summary>Encoded size.</summary>
    public const int Size = 116;

    /// <summary>The journal bytes as the guest commits them.</summary>
    public byte[] Encode()
    {
        var b = new byte[Size];
        PreRoot.CopyTo(b, 0);
        PostRoot.CopyTo(b, 32);
        BatchHash.CopyTo(b, 64);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(96), ChainId);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(100), Accepted);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(104), Rejected);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(108), TotalFees);
        return b;
    }

    /// <summary>Reads a journal the guest committed.</summary>
    /// <exception cref="FormatException">The bytes are not 116 long.</exception>
    public static RollupJournal Decode(ReadOnlySpan<byte> b)
    {
        if (b.Length != Size)
        {
            throw new FormatException($"a rollup journal is {Size} bytes, got {b.Length}");
        }

        return new RollupJournal(
            b[..32].ToArray(),
            b[32..64].ToArray(),
            b[64..96].ToArray(),
            BinaryPrimitives.ReadUInt32LittleEndian(b[96..]),
            BinaryPrimitives.ReadUInt32LittleEndian(b[100..]),
            BinaryPrimitives.ReadUInt32LittleEndian(b[104..]),
            BinaryPrimitives.ReadUInt64LittleEndian(b[108..]));
    }
}
