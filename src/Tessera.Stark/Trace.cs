using Tessera.Field;

namespace Tessera.Stark;

/// <summary>
/// A table's trace: <see cref="Height"/> rows of <see cref="Width"/> base-field cells, row-major.
/// The height is a power of two.
/// </summary>
public sealed class Trace
{
    /// <summary>Wraps row-major <paramref name="values"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The sizes do not match or the height is not a power of two.</exception>
    public Trace(int width, BabyBear[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (values.Length % width != 0 || !int.IsPow2(values.Length / width))
        {
            throw new ArgumentException("A trace holds a power-of-two number of full rows.", nameof(values));
        }

        Width = width;
        Height = values.Length / width;
        Values = values;
    }

    /// <summary>A zero trace of the given shape.</summary>
    public Trace(int width, int height)
        : this(width, new BabyBear[checked(width * height)])
    {
    }

    /// <summary>Columns per row.</summary>
    public int Width { get; }

    /// <summary>Number of rows (a power of two).</summary>
    public int Height { get; }

    /// <summary>log2 of <see cref="Height"/>.</summary>
    public int LogHeight => int.Log2(Height);

    /// <summary>The cells, row-major.</summary>
    public BabyBear[] Values { get; }

    /// <summary>One cell.</summary>
    public BabyBear this[int row, int column]
    {
        get => Values[(row * Width) + column];
        set => Values[(row * Width) + column] = value;
    }

    /// <summary>One row.</summary>
    public Span<BabyBear> Row(int row) => Values.AsSpan(row * Width, Width);

    /// <summary>A deep copy.</summary>
    public Trace Clone() => new(Width, (BabyBear[])Values.Clone());
}
