using Tessera.Stark.Air;
using Tessera.Vm;
using Tessera.Vm.Memory;

namespace Tessera.Circuit.Paging;

/// <summary>The page table's columns: one row per 16-byte chunk (four words, one sponge absorption) of a touched page.</summary>
internal static class PageColumns
{
    /// <summary>Words per row.</summary>
    public const int Words = 4;

    /// <summary>Bytes per row.</summary>
    public const int Bytes = 4 * Words;

    private static readonly ColumnAllocator Columns = new();

    /// <summary>1 on a page's rows, 0 on padding; the real rows come first.</summary>
    public static readonly int Real = Columns.One();

    /// <summary>1 on a page's first chunk.</summary>
    public static readonly int First = Columns.One();

    /// <summary>1 on a page's last chunk: it sends the page's leaves.</summary>
    public static readonly int Last = Columns.One();

    /// <summary>The page index (byte address / page size).</summary>
    public static readonly int Page = Columns.One();

    /// <summary>The chunk within the page, 0 .. page bytes / 16 − 1.</summary>
    public static readonly int Chunk = Columns.One();

    /// <summary>The four words' bytes before the segment (range-checked here).</summary>
    public static readonly ColumnRange Initial = Columns.Many(Bytes);

    /// <summary>The four words' bytes after the segment (from the memory bus).</summary>
    public static readonly ColumnRange Final = Columns.Many(Bytes);

    /// <summary>Timestamp of each word's last access (0 if none).</summary>
    public static readonly ColumnRange FinalTs = Columns.Many(Words);

    /// <summary>Capacity half of the pre-contents sponge state before this chunk (0 on a first chunk).</summary>
    public static readonly ColumnRange PreCapacity = Columns.Many(8);

    /// <summary>The pre-contents sponge state after this chunk; on a last chunk, [0..8] is the pre leaf.</summary>
    public static readonly ColumnRange PreState = Columns.Many(16);

    /// <summary>As <see cref="PreCapacity"/>, for the post-contents sponge.</summary>
    public static readonly ColumnRange PostCapacity = Columns.Many(8);

    /// <summary>As <see cref="PreState"/>, for the post-contents sponge; on a last chunk, [0..8] is the post leaf.</summary>
    public static readonly ColumnRange PostState = Columns.Many(16);

    /// <summary>On a last chunk: bytes of next page − page − 1 (strictly ascending pages).</summary>
    public static readonly ColumnRange Gap = Columns.Many(3);

    /// <summary>On a first chunk: bytes of page − MemoryMap.Base / page size (no page below the guest base).</summary>
    public static readonly ColumnRange AboveBase = Columns.Many(3);

    /// <summary>On a first chunk: bytes of the page index, the top one below 2^(depth − 16) (no page past the tree).</summary>
    public static readonly ColumnRange PageDigits = Columns.Many(3);

    /// <summary>Number of columns.</summary>
    public static int Width { get; } = Columns.Count;
}

/// <summary>
/// Opens every touched page: each word at byte address page·size + 4j sends (addr, initial bytes, 0)
/// and receives (addr, final bytes, final ts) on the memory bus; the initial and the final contents
/// are absorbed by two Poseidon2 sponges (16-bit limbs, overwrite mode, as
/// <see cref="StateHasher.HashPage"/>) whose digests, the page's pre and post leaves, go to the
/// Merkle table on <see cref="PagingTables.MerkleBus"/> as (2^depth + page, pre leaf, post leaf).
/// </summary>
/// <remarks>
/// Rows per touched page: page bytes / 16 (32 for 512-byte pages). A chunk whose contents the segment
/// does not change looks up the same permutation twice, which the Poseidon2 table counts as one row.
/// Pages are strictly ascending, at or above <see cref="MemoryMap.Base"/> and below 2^depth.
/// </remarks>
internal sealed class PageAir : IAir
{
    private readonly PageLayout _layout;

    /// <summary>Creates the table for <paramref name="layout"/>.</summary>
    public PageAir(PageLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
    }

    /// <inheritdoc />
    public string Name => "paging.pages";

    /// <inheritdoc />
    public int Width => PageColumns.Width;

    /// <summary>Rows per page.</summary>
    public int ChunksPerPage => _layout.PageBytes / PageColumns.Bytes;

    /// <summary>The lowest page index a guest can touch.</summary>
    public uint BasePage => MemoryMap.Base >> _layout.PageShift;

    /// <inheritdoc />
    public void Eval(AirBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var depth = _layout.Depth;
        var real = b.Main(PageColumns.Real);
        var first = b.Main(PageColumns.First);
        var last = b.Main(PageColumns.Last);
        var page = b.Main(PageColumns.Page);
        var chunk = b.Main(PageColumns.Chunk);
        var nextReal = b.MainNext(PageColumns.Real);
        var nextFirst = b.MainNext(PageColumns.First);
        var nextPage = b.MainNext(PageColumns.Page);
        var nextChunk = b.MainNext(PageColumns.Chunk);

        b.AssertBool("real is boolean", real);
        b.AssertBool("first is boolean", first);
        b.AssertBool("last is boolean", last);
        b.AssertZero("padding has no first chunk", first * (1 - real));
        b.AssertZero("padding has no last chunk", last * (1 - real));
        b.AssertZeroTransition("real rows come first", (1 - real) * nextReal);
        b.AssertZeroFirst("the table starts with a page", real - first);
        b.AssertZero("a page starts at chunk 0", first * chunk);
        b.AssertZero("a page ends at its last chunk", last * (chunk - (ChunksPerPage - 1)));
        b.AssertZeroTransition("a new page follows a last chunk", nextReal * (nextFirst - last));
        b.AssertZeroTransition("the last page is complete", real * (1 - nextReal) * (1 - last));
        b.AssertZeroLast("the last page is complete", real * (1 - last));
        b.AssertZeroTransition("chunks count up", nextReal * (1 - nextFirst) * (nextChunk - chunk - 1));
        b.AssertZeroTransition("a page's chunks share its index", nextReal * (1 - nextFirst) * (nextPage - page));
        var gap = b.Main(PageColumns.Gap);
        b.AssertZeroTransition("pages strictly ascend", nextFirst * (nextPage - page - 1 - AirExprs.Compose(gap)));
        var above = b.Main(PageColumns.AboveBase);
        b.AssertZero("the page is at or above the guest base", first * (page - (int)BasePage - AirExprs.Compose(above)));
        var digits = b.Main(PageColumns.PageDigits);
        b.AssertZero("the page index is its digits", first * (page - AirExprs.Compose(digits)));

        foreach (var (capacity, state) in new[]
                 {
                     (PageColumns.PreCapacity, PageColumns.PreState),
                     (PageColumns.PostCapacity, PageColumns.PostState),
                 })
        {
            for (var k = 0; k < 8; k++)
            {
                b.AssertZero("a page's sponge starts empty", first * b.Main(capacity[k]));
                b.AssertZeroTransition("a page's sponge carries its capacity",
                    nextReal * (1 - nextFirst) * (b.MainNext(capacity[k]) - b.Main(state[8 + k])));
            }
        }

        var initial = b.Main(PageColumns.Initial);
        var final = b.Main(PageColumns.Final);
        var ts = b.Main(PageColumns.FinalTs);
        var rowAddress = (page * _layout.PageBytes) + (chunk * PageColumns.Bytes);
        for (var w = 0; w < PageColumns.Words; w++)
        {
            var address = rowAddress + (4 * w);
            b.Send(Buses.Memory, real, AirExprs.MemoryTuple(address, initial.AsSpan(4 * w, 4), 0));
            b.Receive(Buses.Memory, real, AirExprs.MemoryTuple(address, final.AsSpan(4 * w, 4), ts[w]));
            b.Range(real, initial[4 * w], initial[(4 * w) + 1]);
            b.Range(real, initial[(4 * w) + 2], initial[(4 * w) + 3]);
        }

        var preState = b.Main(PageColumns.PreState);
        var postState = b.Main(PageColumns.PostState);
        b.Permutation(real, [.. AirExprs.Limbs(initial), .. b.Main(PageColumns.PreCapacity)], preState);
        b.Permutation(real, [.. AirExprs.Limbs(final), .. b.Main(PageColumns.PostCapacity)], postState);
        b.Send(PagingTables.MerkleBus, last, [page + (1 << depth), .. preState[..8], .. postState[..8]]);

        b.Range(first, above[0], above[1]);
        b.Range(first, above[2], 0);
        b.Range(first, digits[0], digits[1]);
        b.Range(first, digits[2], digits[2] * (1 << (24 - depth)));
        b.Range(last, gap[0], gap[1]);
        b.Range(last, gap[2], 0);
    }
}
