using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Merkle;

namespace Tessera.Stark.Proofs;

/// <summary>One FRI query: openings of every committed round, then one sibling and path per FRI layer.</summary>
internal sealed class QueryProof
{
    /// <summary>Openings of the preprocessed (if any), main, aux (if any) and quotient commitments, in that order.</summary>
    public required MerkleOpening[] Inputs { get; init; }

    /// <summary>Per FRI layer: the value paired with the one the verifier folds to.</summary>
    public required BabyBear4[] Siblings { get; init; }

    /// <summary>Per FRI layer: the Merkle path of the pair's row.</summary>
    public required Digest[][] LayerPaths { get; init; }
}
