namespace Tessera.Network.Protocol;

/// <summary>Why a message from a peer was dropped.</summary>
public enum ProtocolError
{
    /// <summary>It ends before its fields do.</summary>
    Truncated,

    /// <summary>It is larger than the receiver accepts.</summary>
    Oversized,

    /// <summary>Not a Tessera message, or of a version this build does not speak.</summary>
    UnknownVersion,

    /// <summary>A message kind this build does not know.</summary>
    UnknownKind,

    /// <summary>A field holds a value no honest peer sends.</summary>
    BadField,

    /// <summary>Bytes follow the last field.</summary>
    TrailingBytes,

    /// <summary>The signature is not the sender's.</summary>
    BadSignature,

    /// <summary>Addressed to another node.</summary>
    WrongRecipient,

    /// <summary>Seen before.</summary>
    Replayed,

    /// <summary>Its timestamp is too far from the receiver's clock.</summary>
    Stale,
}

/// <summary>A message from a peer that the receiver drops; <see cref="Error"/> says why.</summary>
public sealed class ProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProtocolException()
        : this(ProtocolError.BadField, "malformed message")
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public ProtocolException(string message)
        : this(ProtocolError.BadField, message)
    {
    }

    /// <summary>Creates the exception with a reason and a cause.</summary>
    public ProtocolException(string message, Exception inner)
        : base(message, inner)
    {
        Error = ProtocolError.BadField;
    }

    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public ProtocolException(ProtocolError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Why the message was dropped.</summary>
    public ProtocolError Error { get; }
}
