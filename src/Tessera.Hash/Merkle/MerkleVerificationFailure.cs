namespace Tessera.Hash.Merkle;

/// <summary>Why a Merkle opening was rejected; <see cref="None"/> when it verified.</summary>
public enum MerkleVerificationFailure
{
    /// <summary>The opening verified.</summary>
    None = 0,

    /// <summary>
    /// The claimed dimensions cannot describe a commitment: none given, a width not positive or above
    /// <see cref="MerkleOpening.MaxRowWidth"/>, a height not a power of two or above 2^30, or more
    /// than <see cref="MerkleOpening.MaxMatrices"/> matrices.
    /// </summary>
    InvalidDimensions,

    /// <summary>A row index is negative or not below the tallest height (or a batch opens no index or too many).</summary>
    IndexOutOfRange,

    /// <summary>The opening holds a different number of rows than there are matrices.</summary>
    WrongRowCount,

    /// <summary>An opened row's length differs from its matrix's width.</summary>
    WrongRowWidth,

    /// <summary>The opening holds a different number of siblings than the tree has levels (or than a batch's indices need).</summary>
    WrongPathLength,

    /// <summary>A batch opening holds a different number of rows of some matrix than its distinct indices imply.</summary>
    WrongBatchShape,

    /// <summary>The recomputed root differs from the commitment: a value, a sibling, the index or the root is wrong.</summary>
    RootMismatch,
}
