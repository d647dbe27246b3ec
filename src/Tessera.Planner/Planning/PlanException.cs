namespace Tessera.Planner.Planning;

/// <summary>A plan was asked for that cannot be met or priced; <see cref="Kind"/> says why.</summary>
public sealed class PlanException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlanException(PlanError kind, string message)
        : base(message) => Kind = kind;

    /// <summary>Creates the exception.</summary>
    public PlanException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PlanException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PlanException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why no plan was made.</summary>
    public PlanError Kind { get; }
}
