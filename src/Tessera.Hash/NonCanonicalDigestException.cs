namespace Tessera.Hash;

/// <summary>
/// Bytes offered as a <see cref="Digest"/> hold a 32-bit word that is not a canonical BabyBear value
/// (it is p = 2013265921 or more), or have the wrong length.
/// </summary>
public sealed class NonCanonicalDigestException : FormatException
{
    /// <summary>Creates the exception for the word at <paramref name="index"/> holding <paramref name="value"/>.</summary>
    public NonCanonicalDigestException(int index, uint value)
        : base($"Digest word {index} is {value}, not a canonical BabyBear value (below 2013265921).")
    {
        Index = index;
        Value = value;
    }

    /// <summary>Creates the exception with a message of the caller's choosing.</summary>
    public NonCanonicalDigestException(string message)
        : base(message)
    {
        Index = -1;
    }

    /// <summary>Creates the exception with a message of the caller's choosing.</summary>
    public NonCanonicalDigestException()
        : this("The bytes are not a canonical digest.")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public NonCanonicalDigestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Index = -1;
    }

    /// <summary>Which of the eight words is out of range; −1 when the length was wrong.</summary>
    public int Index { get; }

    /// <summary>The offending word as read (little-endian).</summary>
    public uint Value { get; }
}
