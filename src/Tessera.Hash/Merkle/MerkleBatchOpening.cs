using System.Buffers;

using Tessera.Field;

namespace Tessera.Hash.Merkle;

/// <summary>
/// An opening of many row indices of one <see cref="MerkleTree"/> at once, with nothing repeated:
/// for each committed matrix the rows at the distinct nodes of its level, and only the sibling
/// digests the verifier cannot compute from the rows and the other siblings.
/// </summary>
/// <remarks>
/// <para>Shape, fixed by the opened indices: let S_0 be the distinct indices in ascending order and
/// S_(k+1) the distinct values i >> 1 of S_k. A matrix of height h (injected at level
/// k = log2 H − log2 h) contributes its row i for every i in S_k, in ascending order, one after
/// another. The siblings are listed level by level from the leaves up; at level k, for each i in S_k
/// in ascending order whose partner i ^ 1 is not in S_k, the digest of node i ^ 1.</para>
/// <para>Canonical encoding (little-endian u32): the number of matrices m; for each matrix its width
/// w, its row count r and then r·w canonical element values; the number of siblings s; then s
/// digests of 32 bytes. A reader takes caps on the counts and checks each against its cap and the
/// bytes left before allocating.</para>
/// </remarks>
public sealed class MerkleBatchOpening
{
    /// <summary>The most distinct indices one batch may open.</summary>
    public const int MaxIndices = 1 << 14;

    private const string Encoding = "batch opening";

    private readonly int[] _widths;
    private readonly BabyBear[][] _rows;
    private readonly Digest[] _siblings;

    /// <summary>Builds a batch opening from its parts (copied).</summary>
    /// <param name="widths">Each matrix's width, in the committed order.</param>
    /// <param name="rows">Each matrix's opened rows, one after another (a whole number of rows of its width).</param>
    /// <param name="siblings">The sibling digests in the canonical order.</param>
    /// <exception cref="ArgumentException">
    /// The counts disagree, no matrices or more than <see cref="MerkleOpening.MaxMatrices"/>, a width
    /// outside 1..<see cref="MerkleOpening.MaxRowWidth"/>, more than <see cref="MaxIndices"/> rows for
    /// a matrix, or more than <see cref="MaxIndices"/>·<see cref="MerkleOpening.MaxDepth"/> siblings.
    /// </exception>
    public MerkleBatchOpening(ReadOnlySpan<int> widths, IReadOnlyList<BabyBear[]> rows, ReadOnlySpan<Digest> siblings)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (widths.Length is 0 or > MerkleOpening.MaxMatrices || rows.Count != widths.Length)
        {
            throw new ArgumentException($"A batch holds 1 to {MerkleOpening.MaxMatrices} matrices, with one width and one row list each.", nameof(rows));
        }

        if (siblings.Length > MaxIndices * MerkleOpening.MaxDepth)
        {
            throw new ArgumentException($"A batch holds at most {MaxIndices * MerkleOpening.MaxDepth} siblings.", nameof(siblings));
        }

        _widths = widths.ToArray();
        _rows = new BabyBear[rows.Count][];
        for (var m = 0; m < rows.Count; m++)
        {
            var w = _widths[m];
            var r = rows[m] ?? throw new ArgumentException($"Rows of matrix {m} are null.", nameof(rows));
            if (w is <= 0 or > MerkleOpening.MaxRowWidth || r.Length % w != 0 || r.Length / w > MaxIndices)
            {
                throw new ArgumentException($"Matrix {m}: {r.Length} elements are not at most {MaxIndices} rows of width {w}.", nameof(rows));
            }

            _rows[m] = (BabyBear[])r.Clone();
        }

        _siblings = siblings.ToArray();
    }

    private MerkleBatchOpening(int[] widths, BabyBear[][] rows, Digest[] siblings)
    {
        _widths = widths;
        _rows = rows;
        _siblings = siblings;
    }

    /// <summary>Number of matrices.</summary>
    public int MatrixCount => _widths.Length;

    /// <summary>The width of matrix <paramref name="matrix"/> as the batch claims it.</summary>
    public int Width(int matrix) => _widths[matrix];

    /// <summary>The opened rows of matrix <paramref name="matrix"/>, one after another, in ascending node order.</summary>
    public ReadOnlySpan<BabyBear> Rows(int matrix) => _rows[matrix];

    /// <summary>Row <paramref name="k"/> (k-th distinct node, ascending) of matrix <paramref name="matrix"/>.</summary>
    public ReadOnlySpan<BabyBear> Row(int matrix, int k) => _rows[matrix].AsSpan(k * _widths[matrix], _widths[matrix]);

    /// <summary>The same row as <see cref="Row"/>, as memory that can be kept (it is not copied).</summary>
    public ReadOnlyMemory<BabyBear> RowMemory(int matrix, int k) => _rows[matrix].AsMemory(k * _widths[matrix], _widths[matrix]);

    /// <summary>Number of rows opened of matrix <paramref name="matrix"/>.</summary>
    public int RowCount(int matrix) => _rows[matrix].Length / _widths[matrix];

    /// <summary>The sibling digests, in the canonical order.</summary>
    public ReadOnlySpan<Digest> Siblings => _siblings;

    /// <summary>Bytes in the canonical encoding.</summary>
    public int SerializedLength
    {
        get
        {
            var length = 4 + 4 + (_siblings.Length * Digest.ByteLength);
            foreach (var r in _rows)
            {
                length += 8 + (4 * r.Length);
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
            throw new ArgumentException($"The batch needs {length} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        var at = 0;
        MerkleWire.WriteWord(destination, ref at, (uint)_rows.Length);
        for (var m = 0; m < _rows.Length; m++)
        {
            MerkleWire.WriteWord(destination, ref at, (uint)_widths[m]);
            MerkleWire.WriteWord(destination, ref at, (uint)(_rows[m].Length / _widths[m]));
            foreach (var e in _rows[m])
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
        writer.Advance(WriteTo(writer.GetSpan(SerializedLength)));
    }

    /// <summary>The canonical encoding as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Reads a batch that fills <paramref name="bytes"/> exactly.</summary>
    /// <param name="bytes">The encoding.</param>
    /// <param name="maxRows">The most rows any one matrix may hold (at most <see cref="MaxIndices"/>): the caller's bound on distinct indices.</param>
    /// <exception cref="MerkleFormatException">The bytes are not exactly one canonical batch within the caps.</exception>
    public static MerkleBatchOpening FromBytes(ReadOnlySpan<byte> bytes, int maxRows = MaxIndices)
    {
        var opening = ReadFrom(ref bytes, maxRows);
        if (!bytes.IsEmpty)
        {
            throw new MerkleFormatException($"{bytes.Length} bytes follow the batch opening.");
        }

        return opening;
    }

    /// <summary>Reads one batch from the front of <paramref name="source"/> and advances past it.</summary>
    /// <param name="source">The bytes.</param>
    /// <param name="maxRows">The most rows any one matrix may hold (at most <see cref="MaxIndices"/>); at most
    /// <paramref name="maxRows"/>·<see cref="MerkleOpening.MaxDepth"/> siblings are accepted.</param>
    /// <exception cref="MerkleFormatException">The front of the bytes is not a canonical batch within the caps (then <paramref name="source"/> is unchanged).</exception>
    public static MerkleBatchOpening ReadFrom(ref ReadOnlySpan<byte> source, int maxRows = MaxIndices)
    {
        maxRows = Math.Clamp(maxRows, 1, MaxIndices);
        var input = source;
        var count = MerkleWire.ReadCount(ref input, Encoding, "matrix count", 1, MerkleOpening.MaxMatrices, 8);
        var widths = new int[count];
        var rows = new BabyBear[count][];
        for (var m = 0; m < count; m++)
        {
            widths[m] = MerkleWire.ReadCount(ref input, Encoding, $"width of matrix {m}", 1, MerkleOpening.MaxRowWidth, 4);
            var n = MerkleWire.ReadCount(ref input, Encoding, $"row count of matrix {m}", 0, maxRows, 4L * widths[m]);
            var values = new BabyBear[n * widths[m]];
            MerkleWire.ReadElements(ref input, values, $"matrix {m}");
            rows[m] = values;
        }

        var s = MerkleWire.ReadCount(ref input, Encoding, "sibling count", 0, maxRows * MerkleOpening.MaxDepth, Digest.ByteLength);
        var siblings = MerkleWire.ReadSiblings(ref input, s);

        source = input;
        return new MerkleBatchOpening(widths, rows, siblings);
    }
}
