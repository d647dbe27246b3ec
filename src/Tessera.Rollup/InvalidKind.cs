namespace Tessera.Rollup;

/// <summary>What the block generator did to a transfer.</summary>
public enum InvalidKind
{
    /// <summary>A valid transfer.</summary>
    None,

    /// <summary>Signed over other bytes (the amount plus one): the signature does not verify.</summary>
    BadSignature,

    /// <summary>Validly signed with a nonce the sender has already used (a replay).</summary>
    ReplayedNonce,

    /// <summary>Validly signed, but amount + fee is one more than the sender's balance.</summary>
    Overdraft,
}
