namespace Tessera.Hash.Merkle;

/// <summary>The shape of a committed matrix, which a verifier must know to check an opening.</summary>
/// <param name="Width">Elements per row.</param>
/// <param name="Height">Number of rows (a power of two in a Merkle commitment).</param>
public readonly record struct MatrixDimensions(int Width, int Height);
