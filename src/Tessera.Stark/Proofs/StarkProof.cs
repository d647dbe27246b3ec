using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Merkle;
using Tessera.Stark.Fri;

namespace Tessera.Stark.Proofs;

/// <summary>
/// A multi-table STARK proof. Its only encoding is <see cref="ProofCodec"/>'s canonical bytes; the
/// statement it proves is the machine and the public values given to the verifier.
/// </summary>
public sealed class StarkProof
{
    internal StarkProof()
    {
    }

    /// <summary>The parameters the proof was made with.</summary>
    public ProofParameters Parameters { get; init; } = null!;

    /// <summary>log2 of each table's height, in the machine's table order.</summary>
    public int[] LogHeights { get; init; } = null!;

    internal Digest MainRoot { get; init; }

    internal Digest? AuxRoot { get; init; }

    internal Digest QuotientRoot { get; init; }

    /// <summary>LogUp cumulative sum of each table with bus interactions, in table order.</summary>
    internal BabyBear4[] CumulativeSums { get; init; } = null!;

    internal TableOpenings[] Openings { get; init; } = null!;

    internal Digest[] FriRoots { get; init; } = null!;

    internal BabyBear4[] FinalPolynomial { get; init; } = null!;

    /// <summary>Proof of work before the query phase.</summary>
    internal BabyBear PowWitness { get; init; }

    /// <summary>Proof of work before the LogUp challenges.</summary>
    internal BabyBear LookupPowWitness { get; init; }

    /// <summary>Proof of work before ζ.</summary>
    internal BabyBear DeepPowWitness { get; init; }

    /// <summary>Proof of work before DEEP's batching challenge.</summary>
    internal BabyBear BatchingPowWitness { get; init; }

    /// <summary>Per committed round present (preprocessed, main, aux, quotient), all queries' rows as one batch.</summary>
    internal MerkleBatchOpening[] InputOpenings { get; init; } = null!;

    /// <summary>Per FRI layer, the cosets holding the queries' positions as one batch.</summary>
    internal MerkleBatchOpening[] FriOpenings { get; init; } = null!;
}
