namespace Tessera.Planner.Simulation;

/// <summary>How a simulated node treats the work it is given (the adversaries of the network issue).</summary>
public enum Behaviour
{
    /// <summary>Proves and returns a valid receipt.</summary>
    Honest,

    /// <summary>Returns bytes that do not verify, when a proof would be due.</summary>
    Garbage,

    /// <summary>Returns a valid receipt of another segment or job.</summary>
    Foreign,

    /// <summary>Returns an earlier receipt again.</summary>
    Replayed,

    /// <summary>Takes the task, stops its heartbeats and never answers; comes back later for more.</summary>
    Silent,

    /// <summary>Proves honestly but several times slower than it advertised, reporting true progress.</summary>
    Slow,
}
