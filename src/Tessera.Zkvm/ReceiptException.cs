namespace Tessera.Zkvm;

/// <summary>A receipt was refused: its bytes do not decode (<see cref="InvalidReceiptException"/>) or it does not verify (<see cref="ReceiptRejectedException"/>).</summary>
public abstract class ReceiptException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    protected ReceiptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    protected ReceiptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Receipt bytes that are not one canonical receipt within the limits; nothing was verified.</summary>
public sealed class InvalidReceiptException : ReceiptException
{
    /// <summary>Creates the exception.</summary>
    public InvalidReceiptException()
        : base("invalid receipt")
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    public InvalidReceiptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public InvalidReceiptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A well-formed receipt that does not prove what it claims for the image ID and parameters it was checked against.</summary>
public sealed class ReceiptRejectedException : ReceiptException
{
    /// <summary>Creates the exception.</summary>
    public ReceiptRejectedException()
        : base("receipt rejected")
    {
    }

    /// <summary>Creates the exception with the reason.</summary>
    public ReceiptRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public ReceiptRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
