using Tessera.Field;
using Tessera.Poly;

namespace Tessera.Stark.Air;

/// <summary>
/// A worker's column-major scratch for a window of consecutive quotient-domain rows: each column
/// holds the window's rows and the next <see cref="NextShift"/> rows after them (wrapping around the
/// domain), so the evaluator reads next-row values without a wrap test. Reused across windows, it
/// stays in L2 instead of the whole domain being copied column-major.
/// </summary>
internal sealed class QuotientWindow
{
    /// <summary>Scratch for a window of up to <paramref name="capacity"/> rows.</summary>
    /// <param name="capacity">Most rows a window holds.</param>
    /// <param name="nextShift">Rows between x and g·x on the quotient domain.</param>
    /// <param name="mainWidth">Main columns.</param>
    /// <param name="preprocessedWidth">Preprocessed columns.</param>
    /// <param name="auxPlanes">Aux base planes (4 per extension column).</param>
    public QuotientWindow(int capacity, int nextShift, int mainWidth, int preprocessedWidth, int auxPlanes)
    {
        Capacity = capacity;
        NextShift = nextShift;

        // Padded so consecutive columns do not map to the same cache sets.
        var stride = (capacity + nextShift + 15) & ~15;
        Stride = stride % 64 == 0 ? stride + 16 : stride;
        Main = new BabyBear[mainWidth * Stride];
        Preprocessed = new BabyBear[preprocessedWidth * Stride];
        Aux = new BabyBear[auxPlanes * Stride];
        IsFirstRow = new BabyBear[capacity];
        IsLastRow = new BabyBear[capacity];
        IsTransition = new BabyBear[capacity];
    }

    public int Capacity { get; }

    /// <summary>Rows between x and g·x on the quotient domain: N / n.</summary>
    public int NextShift { get; }

    /// <summary>Elements between the starts of two columns.</summary>
    public int Stride { get; }

    /// <summary>Rows in the current window (at most <see cref="Capacity"/>).</summary>
    public int Rows { get; set; }

    /// <summary>Main columns, column c at [c·Stride, c·Stride + Rows + NextShift).</summary>
    public BabyBear[] Main { get; }

    /// <summary>Preprocessed columns, same layout.</summary>
    public BabyBear[] Preprocessed { get; }

    /// <summary>Aux columns as base planes: coefficient k of ext column j is plane 4j + k.</summary>
    public BabyBear[] Aux { get; }

    public BabyBear[] IsFirstRow { get; }

    public BabyBear[] IsLastRow { get; }

    public BabyBear[] IsTransition { get; }

    /// <summary>The evaluator's register file and broadcast weights for one lane width, kept between windows.</summary>
    internal object? RegisterCache { get; set; }

    internal object? WeightCache { get; set; }

    /// <summary>
    /// Copies natural quotient rows start .. start + Rows + NextShift (mod N) of every column into
    /// <paramref name="destination"/>, from a bit-reversed LDE whose first N = 2^logN rows are the quotient
    /// domain (natural row i is LDE row reverse(i)).
    /// </summary>
    public void Load(RowMajorMatrix lde, int logN, int start, BabyBear[] destination)
    {
        // 16-row tiles: the tile's LDE rows stay in L1 while each column gets one 64-byte run.
        const int Tile = 16;
        var w = lde.Width;
        var mask = (1 << logN) - 1;
        var total = Rows + NextShift;
        var src = lde.Values;
        Span<int> offsets = stackalloc int[Tile];
        for (var t0 = 0; t0 < total; t0 += Tile)
        {
            var count = Math.Min(Tile, total - t0);
            for (var t = 0; t < count; t++)
            {
                offsets[t] = BitReversal.Reverse((start + t0 + t) & mask, logN) * w;
            }

            for (var c = 0; c < w; c++)
            {
                var dst = destination.AsSpan((c * Stride) + t0, count);
                for (var t = 0; t < dst.Length; t++)
                {
                    dst[t] = src[offsets[t] + c];
                }
            }
        }
    }
}
