namespace Tessera.Hash.Merkle;

/// <summary>
/// Bytes offered as a serialised Merkle opening are not its canonical encoding: truncated, trailing
/// bytes, a length above its limit, or a value that is not a canonical BabyBear element.
/// </summary>
public sealed class MerkleFormatException : FormatException
{
    /// <summary>Creates the exception with a message saying what is wrong.</summary>
    public MerkleFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public MerkleFormatException()
        : this("The bytes are not a canonical Merkle opening.")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public MerkleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
