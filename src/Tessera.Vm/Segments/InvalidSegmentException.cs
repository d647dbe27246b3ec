namespace Tessera.Vm;

/// <summary>A segment record that does not hold together: bad encoding, a proof that does not reach its root, or a replay that does not reach its post-state.</summary>
public sealed class InvalidSegmentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidSegmentException()
        : base("invalid segment record")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidSegmentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public InvalidSegmentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
