namespace Tessera.Field;

/// <summary>
/// A batch inversion met a zero element. <see cref="Index"/> is the first zero's position, so a caller
/// can drop or patch it and retry.
/// </summary>
public sealed class ZeroElementException : DivideByZeroException
{
    /// <summary>Reports the zero at <paramref name="index"/>.</summary>
    /// <param name="index">Position of the first zero in the input span.</param>
    public ZeroElementException(int index)
        : base($"Element {index} is zero and has no inverse.")
    {
        Index = index;
    }

    /// <summary>Position of the first zero element in the input.</summary>
    public int Index { get; }
}
