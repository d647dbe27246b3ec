namespace Tessera.Hash.Merkle;

/// <summary>A Merkle opening did not verify against its commitment; <see cref="Reason"/> says why.</summary>
public sealed class MerkleVerificationException : Exception
{
    /// <summary>Creates the exception for <paramref name="reason"/>.</summary>
    public MerkleVerificationException(MerkleVerificationFailure reason)
        : base($"Merkle opening rejected: {reason}.")
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with a message of the caller's choosing.</summary>
    public MerkleVerificationException(string message)
        : base(message)
    {
        Reason = MerkleVerificationFailure.RootMismatch;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public MerkleVerificationException()
        : this("Merkle opening rejected.")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public MerkleVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = MerkleVerificationFailure.RootMismatch;
    }

    /// <summary>Why the opening was rejected (never <see cref="MerkleVerificationFailure.None"/>).</summary>
    public MerkleVerificationFailure Reason { get; }
}
