namespace Tessera.Rollup;

/// <summary>Constants and offsets of the block format (docs/rollup-block.md).</summary>
public static class RollupFormat
{
    /// <summary>Depth of the sparse Merkle tree of accounts; ids are below 2^Depth.</summary>
    public const int Depth = 24;

    /// <summary>Block format version.</summary>
    public const uint Version = 1;

    /// <summary>Header size: magic, version, chain id, depth, pre-state root, transfer count.</summary>
    public const int HeaderSize = 52;

    /// <summary>Size of one side's witness: the account and its Depth siblings.</summary>
    public const int WitnessSize = Account.Size + (32 * Depth);

    /// <summary>Size of one block entry: the transfer, then the sender and receiver witnesses.</summary>
    public const int EntrySize = Transfer.Size + (2 * WitnessSize);

    /// <summary>Exit code of a processed block.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code of a block whose encoding is malformed (nothing committed).</summary>
    public const int ExitMalformed = 1;

    /// <summary>Exit code of a block with a witness that does not match the current root (nothing committed).</summary>
    public const int ExitBadWitness = 2;

    /// <summary>The four magic bytes "TSRB".</summary>
    public static ReadOnlySpan<byte> Magic => "TSRB"u8;

    /// <summary>Size in bytes of a block of <paramref name="transfers"/> transfers.</summary>
    public static long BlockSize(int transfers) => HeaderSize + ((long)transfers * EntrySize);

    /// <summary>Offset of entry <paramref name="index"/> (its transfer record).</summary>
    public static long EntryOffset(int index) => HeaderSize + ((long)index * EntrySize);

    /// <summary>Offset of entry <paramref name="index"/>'s sender witness.</summary>
    public static long SenderWitnessOffset(int index) => EntryOffset(index) + Transfer.Size;

    /// <summary>Offset of entry <paramref name="index"/>'s receiver witness.</summary>
    public static long ReceiverWitnessOffset(int index) => SenderWitnessOffset(index) + WitnessSize;
}
