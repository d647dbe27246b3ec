using Tessera.Field;

namespace Tessera.Poly;

/// <summary>
/// A dense matrix of BabyBear elements stored row by row in one flat array: element (r, c) sits at
/// <c>r · Width + c</c>. This is the shape the prover commits (a Merkle leaf is one row) and the shape
/// the batched NTT works on (a butterfly between two rows vectorises across the columns).
/// </summary>
/// <remarks>
/// The backing array is exposed so that callers can hand it to hashing and I/O without a copy. Use
/// <see cref="CreateUninitialized"/> for buffers that are about to be overwritten in full (LDE outputs):
/// zeroing a few hundred megabytes is a measurable share of an LDE.
/// </remarks>
public sealed class RowMajorMatrix
{
    /// <summary>Wraps an existing row-major array (no copy).</summary>
    /// <param name="values">Row-major elements; its length must be a multiple of <paramref name="width"/>.</param>
    /// <param name="width">Number of columns, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is below 1.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="values"/> is not a multiple of the width.</exception>
    public RowMajorMatrix(BabyBear[] values, int width)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (values.Length % width != 0)
        {
            throw new ArgumentException($"A row-major array of width {width} needs a length that is a multiple of it; got {values.Length}.", nameof(values));
        }

        Values = values;
        Width = width;
        Height = values.Length / width;
    }

    /// <summary>A zero matrix of the given shape.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is below 1, the height is negative, or the matrix would exceed the largest .NET array.</exception>
    public RowMajorMatrix(int width, int height)
        : this(new BabyBear[CheckedSize(width, height)], width)
    {
    }

    /// <summary>A matrix whose contents are unspecified; for outputs that are fully overwritten.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The width is below 1, the height is negative, or the matrix would exceed the largest .NET array.</exception>
    public static RowMajorMatrix CreateUninitialized(int width, int height) =>
        new(GC.AllocateUninitializedArray<BabyBear>(CheckedSize(width, height)), width);

    /// <summary>Builds a matrix whose columns are the given arrays, which must all have the same length.</summary>
    /// <exception cref="ArgumentException">No columns were given, or their lengths differ.</exception>
    public static RowMajorMatrix FromColumns(IReadOnlyList<BabyBear[]> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("A matrix needs at least one column.", nameof(columns));
        }

        var height = columns[0].Length;
        var m = CreateUninitialized(columns.Count, height);
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].Length != height)
            {
                throw new ArgumentException($"Column {c} has {columns[c].Length} rows; column 0 has {height}.", nameof(columns));
            }

            m.SetColumn(c, columns[c]);
        }

        return m;
    }

    /// <summary>Number of columns.</summary>
    public int Width { get; }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>The row-major backing array; its length is <see cref="Width"/> · <see cref="Height"/>.</summary>
    public BabyBear[] Values { get; }

    /// <summary>All elements, row after row.</summary>
    public Span<BabyBear> AsSpan() => Values;

    /// <summary>The elements of row <paramref name="row"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is outside the matrix.</exception>
    public Span<BabyBear> Row(int row)
    {
        if ((uint)row >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The matrix has {Height} rows.");
        }

        return Values.AsSpan(row * Width, Width);
    }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="column"/>), by reference.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is outside the matrix.</exception>
    public ref BabyBear this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Height || (uint)column >= (uint)Width)
            {
                throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {column}) is outside a {Height}×{Width} matrix.");
            }

            return ref Values[(row * Width) + column];
        }
    }

    /// <summary>Copies column <paramref name="column"/> into <paramref name="destination"/> (length <see cref="Height"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is outside the matrix.</exception>
    /// <exception cref="ArgumentException">The destination length is not the height.</exception>
    public void CopyColumnTo(int column, Span<BabyBear> destination)
    {
        CheckColumn(column, destination.Length);
        var v = Values;
        for (int r = 0, i = column; r < destination.Length; r++, i += Width)
        {
            destination[r] = v[i];
        }
    }

    /// <summary>Column <paramref name="column"/> as a new array.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is outside the matrix.</exception>
    public BabyBear[] GetColumn(int column)
    {
        var c = new BabyBear[Height];
        CopyColumnTo(column, c);
        return c;
    }

    /// <summary>Overwrites column <paramref name="column"/> with <paramref name="source"/> (length <see cref="Height"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is outside the matrix.</exception>
    /// <exception cref="ArgumentException">The source length is not the height.</exception>
    public void SetColumn(int column, ReadOnlySpan<BabyBear> source)
    {
        CheckColumn(column, source.Length);
        var v = Values;
        for (int r = 0, i = column; r < source.Length; r++, i += Width)
        {
            v[i] = source[r];
        }
    }

    /// <summary>A new matrix that is the transpose of this one (Height × Width becomes Width × Height).</summary>
    /// <exception cref="InvalidOperationException">The matrix has no rows, so its transpose would have no columns.</exception>
    public RowMajorMatrix Transpose()
    {
        if (Height == 0)
        {
            throw new InvalidOperationException("An empty matrix has no transpose with at least one column.");
        }

        var t = CreateUninitialized(Height, Width);
        const int Tile = 32; // 32×32 tiles keep both the read and the write side within a few cache lines.
        var src = Values;
        var dst = t.Values;
        for (var r0 = 0; r0 < Height; r0 += Tile)
        {
            var r1 = Math.Min(r0 + Tile, Height);
            for (var c0 = 0; c0 < Width; c0 += Tile)
            {
                var c1 = Math.Min(c0 + Tile, Width);
                for (var r = r0; r < r1; r++)
                {
                    for (var c = c0; c < c1; c++)
                    {
                        dst[(c * Height) + r] = src[(r * Width) + c];
                    }
                }
            }
        }

        return t;
    }

    /// <summary>A deep copy.</summary>
    public RowMajorMatrix Clone() => new((BabyBear[])Values.Clone(), Width);

    private void CheckColumn(int column, int length)
    {
        if ((uint)column >= (uint)Width)
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, $"The matrix has {Width} columns.");
        }

        if (length != Height)
        {
            throw new ArgumentException($"A column of this matrix has {Height} elements; the span has {length}.");
        }
    }

    private static int CheckedSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var size = (long)width * height;
        if (size > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"A {height}×{width} matrix exceeds the largest .NET array ({Array.MaxLength} elements).");
        }

        return (int)size;
    }
}
