namespace Tessera.Stark.Debugging;

/// <summary>The debug checker found the witness unprovable; the subclass says where.</summary>
public abstract class TraceCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected TraceCheckException(string message)
        : base(message)
    {
    }
}
