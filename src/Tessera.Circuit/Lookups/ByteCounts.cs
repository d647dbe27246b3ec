using Tessera.Field;
using Tessera.Stark;

namespace Tessera.Circuit.Lookups;

/// <summary>
/// Counts the byte-table lookups every table of a segment sends, from many threads at once; the
/// counts become <see cref="ByteOpsAir"/>'s multiplicity columns.
/// </summary>
internal sealed class ByteCounts
{
    private readonly int[] _counts = new int[ByteOpsAir.Height * ByteOpsAir.ColumnCount];

    /// <summary>Counts one lookup of <paramref name="op"/> on bytes (<paramref name="a"/>, <paramref name="b"/>).</summary>
    public void Add(ByteOp op, uint a, uint b)
    {
        if (a > 255 || b > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(a), $"({a}, {b}) is not a byte pair: the witness is wrong.");
        }

        Interlocked.Increment(ref _counts[(int)(((a << 8) | b) * (uint)ByteOpsAir.ColumnCount) + (int)op]);
    }

    /// <summary>Counts a range check of two bytes.</summary>
    public void Range(uint a, uint b) => Add(ByteOp.Range, a, b);

    /// <summary>Counts the lookups a 4-byte word's range check sends: (b0, b1) and (b2, b3).</summary>
    public void Word(uint word)
    {
        Range(word & 0xFF, (word >> 8) & 0xFF);
        Range((word >> 16) & 0xFF, word >> 24);
    }

    /// <summary>The byte table's witness.</summary>
    public TableWitness Witness(TraceAllocation allocation = default)
    {
        var t = allocation.New(ByteOpsAir.ColumnCount, ByteOpsAir.Height);
        var values = t.Values;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
            {
                values[i] = BabyBear.FromUInt32((uint)_counts[i]);
            }
        }

        return new TableWitness(t);
    }
}
