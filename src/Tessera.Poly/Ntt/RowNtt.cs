using System.Runtime.Intrinsics;

using Tessera.Field;

namespace Tessera.Poly;

/// <summary>
/// Radix-2 NTT on the rows of a row-major block: every butterfly combines two whole rows, so it
/// vectorises across the columns with one broadcast twiddle. In place; n = 2^logN rows of
/// <c>width</c> lanes, row r at <c>data + r·rowStride</c>.
/// </summary>
/// <remarks>
/// Stages are done in passes of k consecutive bit positions, k chosen so 2^k rows fit in L2
/// (<see cref="GroupBudgetBytes"/>); one pass reads and writes the data once, so an NTT of 2^19 rows
/// of 64 columns costs two trips to memory instead of nineteen. A pass over high bit positions
/// touches rows a power-of-two stride apart, which all fall in the same cache set, so those groups
/// are first copied into a contiguous per-thread scratch buffer and copied back afterwards.
/// </remarks>
internal static unsafe class RowNtt
{
    private const int GroupBudgetBytes = 256 * 1024;

    /// <summary>
    /// Decimation in frequency: natural-order input, bit-reversed output. With a <paramref name="fill"/>,
    /// the input rows are read from it during the first pass instead of from <c>data</c>.
    /// </summary>
    public static void Dif(uint* data, long rowStride, int width, int logN, bool inverse, int dop, RowFill? fill = null)
    {
        if (logN == 0)
        {
            fill?.Read(0, data, width, 0);
            return;
        }

        var hi = logN;
        foreach (var k in Plan(logN, width))
        {
            Pass(data, rowStride, width, logN, hi - k, hi, dif: true, inverse, dop, fill);
            fill = null;
            hi -= k;
        }
    }

    /// <summary>
    /// Decimation in time: bit-reversed input, natural-order output. With a <paramref name="fill"/>,
    /// the input rows are read from it during the first pass instead of from <c>data</c>.
    /// </summary>
    public static void Dit(uint* data, long rowStride, int width, int logN, bool inverse, int dop, RowFill? fill = null)
    {
        if (logN == 0)
        {
            fill?.Read(0, data, width, 0);
            return;
        }

        var lo = 0;
        foreach (var k in Plan(logN, width))
        {
            Pass(data, rowStride, width, logN, lo, lo + k, dif: false, inverse, dop, fill);
            fill = null;
            lo += k;
        }
    }

    /// <summary>Bit positions per pass, as even as possible, each pass's group within the budget.</summary>
    private static int[] Plan(int logN, int width)
    {
        var rowBytes = (long)width * sizeof(uint);
        var kMax = 1;
        while (kMax < 30 && (rowBytes << (kMax + 1)) <= GroupBudgetBytes)
        {
            kMax++;
        }

        var count = (logN + kMax - 1) / kMax;
        var plan = new int[count];
        for (var i = 0; i < count; i++)
        {
            plan[i] = (logN / count) + (i < logN % count ? 1 : 0);
        }

        return plan;
    }

    private static void Pass(uint* data, long rowStride, int width, int logN, int lo, int hi, bool dif, bool inverse, int dop, RowFill? fill)
    {
        var k = hi - lo;
        var groups = 1 << (logN - k);
        var tw = new nint[hi + 1];
        for (var s = lo + 1; s <= hi; s++)
        {
            tw[s] = (nint)Twiddles.Pointer(s, inverse);
        }

        var d = (nint)data;
        var minChunk = Math.Max(1, (1 << 16) / Math.Max(1, width << k));
        Parallelism.For(groups, dop, minChunk, (start, end) =>
        {
            var rows = 1 << k;
            var lowMask = (1 << lo) - 1;
            var buf = lo == 0 ? null : Scratch.Get(width << k);
            var rowBytes = (uint)width * sizeof(uint);
            for (var g = start; g < end; g++)
            {
                var low = g & lowMask;
                var high = (long)(g >> lo);
                var first = (uint*)d + (((high << hi) | (long)low) * rowStride);
                var baseRow = (int)((high << hi) | (long)low);
                if (lo == 0)
                {
                    for (var t = 0; fill is not null && t < rows; t++)
                    {
                        fill.Read(baseRow + t, first + (t * rowStride), width, logN);
                    }

                    Stages(first, rowStride, width, k, lo, low, dif, tw);
                    continue;
                }

                var stride = rowStride << lo;
                for (var t = 0; t < rows; t++)
                {
                    if (fill is null)
                    {
                        System.Runtime.CompilerServices.Unsafe.CopyBlock(buf + ((long)t * width), first + (t * stride), rowBytes);
                    }
                    else
                    {
                        fill.Read(baseRow + (t << lo), buf + ((long)t * width), width, logN);
                    }
                }

                Stages(buf, width, width, k, lo, low, dif, tw);
                for (var t = 0; t < rows; t++)
                {
                    System.Runtime.CompilerServices.Unsafe.CopyBlock(first + (t * stride), buf + ((long)t * width), rowBytes);
                }
            }
        });
    }

    /// <summary>
    /// The stages of one group: rows <c>g + t·ls</c> for t &lt; 2^k stand for the transform rows
    /// <c>high·2^(lo+k) + t·2^lo + low</c>, so stage s pairs t with t + 2^(s−1−lo) and uses twiddle
    /// index (t mod 2^(s−1−lo))·2^lo + low.
    /// </summary>
    private static void Stages(uint* g, long ls, int width, int k, int lo, int low, bool dif, nint[] tw)
    {
        if (dif)
        {
            for (var s = lo + k; s > lo; s--)
            {
                Stage(g, ls, width, k, lo, low, s, dif, (uint*)tw[s]);
            }
        }
        else
        {
            for (var s = lo + 1; s <= lo + k; s++)
            {
                Stage(g, ls, width, k, lo, low, s, dif, (uint*)tw[s]);
            }
        }
    }

    private static void Stage(uint* g, long ls, int width, int k, int lo, int low, int s, bool dif, uint* w)
    {
        var hl = 1 << (s - 1 - lo);
        var rows = 1 << k;
        if (width == 8 && ls == 8 && hl >= 2 && BabyBearVector.Path == SimdPath.Avx512)
        {
            StagePairs8(g, rows, hl, lo, low, dif, w);
            return;
        }

        for (var blk = 0; blk < rows; blk += 2 * hl)
        {
            for (var t = 0; t < hl; t++)
            {
                var idx = (t << lo) + low;
                var a = g + ((blk + t) * ls);
                var b = a + (hl * ls);
                if (idx == 0)
                {
                    Butterflies.DifBroadcastOne(a, b, width); // twiddle one: DIF and DIT coincide
                }
                else if (dif)
                {
                    Butterflies.DifBroadcast(a, b, width, w[idx]);
                }
                else
                {
                    Butterflies.DitBroadcast(a, b, width, w[idx]);
                }
            }
        }
    }

    /// <summary>
    /// A stage on contiguous 8-lane rows (two extension-field columns): rows t and t + 1 are
    /// adjacent, as are their partners, so one 512-bit vector carries two butterflies with the two
    /// twiddles broadcast to its halves, inline instead of one call per butterfly.
    /// </summary>
    private static void StagePairs8(uint* g, int rows, int hl, int lo, int low, bool dif, uint* w)
    {
        for (var blk = 0; blk < rows; blk += 2 * hl)
        {
            for (var t = 0; t < hl; t += 2)
            {
                var a = g + ((blk + t) * 8);
                var b = a + (hl * 8);
                var wv = Vector512.Create(Vector256.Create(w[(t << lo) + low]), Vector256.Create(w[((t + 1) << lo) + low]));
                var x = Vector512.Load(a);
                var y = Vector512.Load(b);
                if (dif)
                {
                    BabyBearVector.Add(x, y).Store(a);
                    BabyBearVector.Mul(BabyBearVector.Sub(x, y), wv).Store(b);
                }
                else
                {
                    var m = BabyBearVector.Mul(y, wv);
                    BabyBearVector.Add(x, m).Store(a);
                    BabyBearVector.Sub(x, m).Store(b);
                }
            }
        }
    }
}
