namespace Tessera.Stark.Proofs;

/// <summary>A proof was rejected: malformed, made for other tables or statement, too weak, or false.</summary>
public sealed class VerificationFailedException : Exception
{
    /// <summary>Creates the exception with the reason for rejection.</summary>
    public VerificationFailedException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    /// <summary>Why the proof was rejected.</summary>
    public string Reason { get; }
}
