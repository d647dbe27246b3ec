namespace Tessera.Planner.Profiles;

/// <summary>A prover profile could not be read or is not usable; <see cref="Kind"/> says why.</summary>
public sealed class ProfileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProfileException(ProfileError kind, string message)
        : base(message) => Kind = kind;

    /// <summary>Creates the exception with the error that caused it.</summary>
    public ProfileException(ProfileError kind, string message, Exception innerException)
        : base(message, innerException) => Kind = kind;

    /// <summary>Creates the exception.</summary>
    public ProfileException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProfileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why the profile was refused.</summary>
    public ProfileError Kind { get; }
}
