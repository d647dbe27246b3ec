namespace Tessera.Planner.Simulation;

/// <summary>A scenario that cannot be simulated: a po2 the profile did not time, no jobs, no nodes.</summary>
public sealed class SimulationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SimulationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SimulationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public SimulationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
