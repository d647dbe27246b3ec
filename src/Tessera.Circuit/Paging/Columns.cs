namespace Tessera.Circuit.Paging;

/// <summary>A run of consecutive main columns: <c>this[i]</c> is the i-th column of the run.</summary>
/// <param name="Start">The first column.</param>
/// <param name="Length">Number of columns.</param>
internal readonly record struct ColumnRange(int Start, int Length)
{
    /// <summary>Column <paramref name="i"/> of the run.</summary>
    public int this[int i]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(i);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Length);
            return Start + i;
        }
    }

    /// <summary>The sub-run of <paramref name="length"/> columns from <paramref name="offset"/>.</summary>
    public ColumnRange Slice(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, Length);
        return new ColumnRange(Start + offset, length);
    }
}

/// <summary>Hands out a table's columns in order, so a layout names ranges instead of offsets.</summary>
internal sealed class ColumnAllocator
{
    /// <summary>Columns handed out so far: the table's width once every column is named.</summary>
    public int Count { get; private set; }

    /// <summary>The next column.</summary>
    public int One() => Count++;

    /// <summary>The next <paramref name="length"/> columns.</summary>
    public ColumnRange Many(int length)
    {
        var r = new ColumnRange(Count, length);
        Count += length;
        return r;
    }
}
