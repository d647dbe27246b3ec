using Tessera.Field;

namespace Tessera.Hash.Merkle;

/// <summary>
/// A row-major matrix of BabyBear values as the Merkle commitment sees it: <see cref="Values"/> holds
/// <see cref="Height"/> rows of <see cref="Width"/> elements one after another. The view does not copy;
/// the committer keeps it, so the values must not change while the tree is in use.
/// </summary>
public readonly struct MatrixView
{
    /// <summary>Views <paramref name="values"/> as rows of <paramref name="width"/> elements.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The values are not a positive whole number of rows.</exception>
    public MatrixView(ReadOnlyMemory<BabyBear> values, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (values.Length == 0 || values.Length % width != 0)
        {
            throw new ArgumentException($"{values.Length} elements are not a positive whole number of rows of {width}.", nameof(values));
        }

        Values = values;
        Width = width;
    }

    /// <summary>All elements, row after row.</summary>
    public ReadOnlyMemory<BabyBear> Values { get; }

    /// <summary>Elements per row.</summary>
    public int Width { get; }

    /// <summary>Number of rows.</summary>
    public int Height => Width == 0 ? 0 : Values.Length / Width;

    /// <summary>The shape of the matrix.</summary>
    public MatrixDimensions Dimensions => new(Width, Height);

    /// <summary>Row <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a row.</exception>
    public ReadOnlySpan<BabyBear> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Height);
        return Values.Span.Slice(index * Width, Width);
    }
}
