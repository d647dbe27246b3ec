namespace Tessera.Network.Scheduling;

/// <summary>Why a node's reputation was lowered.</summary>
public enum Offence
{
    /// <summary>It returned a result that does not verify.</summary>
    Invalid,

    /// <summary>It returned a valid result of something else than its task.</summary>
    Foreign,

    /// <summary>It returned an old result again.</summary>
    Replayed,

    /// <summary>Its heartbeats stopped while it held a task.</summary>
    Silent,

    /// <summary>It ran well past the time its advertised speed promised.</summary>
    Late,
}
