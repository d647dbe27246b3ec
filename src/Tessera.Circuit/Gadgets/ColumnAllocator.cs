namespace Tessera.Circuit.Gadgets;

/// <summary>Hands out a table's main columns in order, so layouts name their columns instead of computing offsets.</summary>
internal sealed class ColumnAllocator
{
    /// <summary>Columns handed out so far: the table's width once its layout is built.</summary>
    public int Count { get; private set; }

    /// <summary>One column.</summary>
    public int Next() => Count++;

    /// <summary><paramref name="n"/> consecutive columns.</summary>
    public int[] Take(int n)
    {
        var cols = new int[n];
        for (var i = 0; i < n; i++)
        {
            cols[i] = Count++;
        }

        return cols;
    }

    /// <summary>Four byte columns of a word.</summary>
    public WordColumns Word() => new(Take(4));
}
