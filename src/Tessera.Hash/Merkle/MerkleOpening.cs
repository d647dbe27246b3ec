using System.Buffers;

using Tessera.Field;

namespace Tessera.Hash.Merkle;

/// <summary>
/// An opening of one row index of a <see cref="MerkleTree"/>: the opened row of every committed
/// matrix (in the committed order) and the sibling digests from the leaves up.
/// </summary>
/// <remarks>
/// Canonical encoding (all integers little-endian u32): the number of rows m; for each row its
/// width w and then w canonical element values; the number of siblings s; then s digests of 32
/// bytes (<see cref="Digest.WriteBytes"/>). Limits: 1 ≤ m ≤ <see cref="MaxMatrices"/>,
/// 1 ≤ w ≤ <see cref="MaxRowWidth"/>, s ≤ <see cref="MaxDepth"/>; a reader checks each length
/// against its limit and against the bytes left before allocating.
/// </remarks>
public sealed class MerkleOpening
{
    /// <summary>The most matrices one commitment (and so one opening) may hold.</summary>
    public const int MaxMatrices = 1024;

    /// <summary>The widest row one committed matrix may have.</summary>
    public const int MaxRowWidth = 1 << 16;

    /// <summary>The most siblings an opening may hold (trees are at most 2^30 rows tall).</summary>
    public const int MaxDepth = 32;

    private const string Encoding = "opening";

    private readonly ReadOnlyMemory<BabyBear>[] _rows;
    private readonly Digest[] _siblings;

    /// <summary>Builds an opening from its parts (copied).</summary>
    /// <exception cref="ArgumentException">
    /// No rows or more than <see cref="MaxMatrices"/>, a row empty or longer than
    /// <see cref="MaxRowWidth"/>, or more than <see cref="MaxDepth"/> siblings: such an opening has
    /// no encoding and no tree produces it.
    /// </exception>
    public MerkleOpening(IReadOnlyList<BabyBear[]> rows, ReadOnlySpan<Digest> siblings)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count is 0 or > MaxMatrices)
        {
            throw new ArgumentException($"An opening holds 1 to {MaxMatrices} rows, not {rows.Count}.", nameof(rows));
        }

        if (siblings.Length > MaxDepth)
        {
            throw new ArgumentException($"An opening holds at most {MaxDepth} siblings, not {siblings.Length}.", nameof(siblings));
        }

        _rows = new ReadOnlyMemory<BabyBear>[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (row.Length is 0 or > MaxRowWidth)
            {
                throw new ArgumentException($"Row {i} has {row.Length} elements; rows have 1 to {MaxRowWidth}.", nameof(rows));
            }

            _rows[i] = row.ToArray();
        }

        _siblings = siblings.ToArray();
    }

    private MerkleOpening(ReadOnlyMemory<BabyBear>[] rows, Digest[] siblings)
    {
        _rows = rows;
        _siblings = siblings;
    }

    /// <summary>The opened row of each matrix, in the committed order.</summary>
    public IReadOnlyList<ReadOnlyMemory<BabyBear>> Rows => _rows;

    /// <summary>The sibling of the path node at each level, leaves first.</summary>
    public ReadOnlySpan<Digest> Siblings => _siblings;

    /// <summary>Bytes in the canonical encoding.</summary>
    public int SerializedLength
    {
        get
        {
            var length = 4 + 4 + (_siblings.Length * Digest.ByteLength);
            foreach (var row in _rows)
            {
                length += 4 + (4 * row.Length);
            }

            return length;
        }
    }

    /// <summary>Writes the canonical encoding into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="SerializedLength"/>.</exception>
    public int WriteTo(Span<byte> destination)
    {
        var length = SerializedLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The opening needs {length} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        var at = 0;
        MerkleWire.WriteWord(destination, ref at, (uint)_rows.Length);
        foreach (var row in _rows)
        {
            MerkleWire.WriteWord(destination, ref at, (uint)row.Length);
            foreach (var e in row.Span)
            {
                MerkleWire.WriteWord(destination, ref at, e.ToCanonical());
            }
        }

        MerkleWire.WriteWord(destination, ref at, (uint)_siblings.Length);
        foreach (var s in _siblings)
        {
            s.WriteBytes(destination[at..]);
            at += Digest.ByteLength;
        }

        return at;
    }

    /// <summary>Appends the canonical encoding to <paramref name="writer"/>.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = SerializedLength;
        writer.Advance(WriteTo(writer.GetSpan(length)));
    }

    /// <summary>The canonical encoding as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Reads an opening that fills <paramref name="bytes"/> exactly.</summary>
    /// <exception cref="MerkleFormatException">The bytes are not exactly one canonical opening.</exception>
    public static MerkleOpening FromBytes(ReadOnlySpan<byte> bytes)
    {
        var opening = ReadFrom(ref bytes);
        if (!bytes.IsEmpty)
        {
            throw new MerkleFormatException($"{bytes.Length} bytes follow the opening.");
        }

        return opening;
    }

    /// <summary>Reads one opening from the front of <paramref name="source"/> and advances it past the opening.</summary>
    /// <exception cref="MerkleFormatException">The front of the bytes is not a canonical opening (then <paramref name="source"/> is unchanged).</exception>
    public static MerkleOpening ReadFrom(ref ReadOnlySpan<byte> source)
    {
        var input = source;
        var count = MerkleWire.ReadCount(ref input, Encoding, "row count", 1, MaxMatrices, 4);
        var rows = new ReadOnlyMemory<BabyBear>[count];
        for (var i = 0; i < count; i++)
        {
            var width = MerkleWire.ReadCount(ref input, Encoding, $"width of row {i}", 1, MaxRowWidth, 4);
            var row = new BabyBear[width];
            MerkleWire.ReadElements(ref input, row, $"row {i}");
            rows[i] = row;
        }

        var depth = MerkleWire.ReadCount(ref input, Encoding, "sibling count", 0, MaxDepth, Digest.ByteLength);
        var siblings = MerkleWire.ReadSiblings(ref input, depth);

        source = input;
        return new MerkleOpening(rows, siblings);
    }
}
