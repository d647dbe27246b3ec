namespace Tessera.Network.Scheduling;

/// <summary>What the job owner's verifier made of a result a node returned, before the scheduler sees it.</summary>
public enum ResultVerdict
{
    /// <summary>A valid proof of exactly the expected claim, made by the node that sent it.</summary>
    Valid,

    /// <summary>Not a proof that verifies (garbage, truncated, wrong parameters).</summary>
    Invalid,

    /// <summary>A valid proof, but of another claim: another segment, another job, or another prover.</summary>
    Foreign,

    /// <summary>A valid proof bound to an earlier assignment: an old result sent again.</summary>
    Replayed,
}
