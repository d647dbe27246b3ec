using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// domain (natural row i is LDE row reverse(i)). Rows are copied in groups of 8, so up to 7 rows
    /// past Rows + NextShift land in the column padding.
    /// </summary>
    public void Load(RowMajorMatrix lde, int logN, int start, BabyBear[] destination)
    {
        var w = lde.Width;
        var mask = (1 << logN) - 1;
        var total = Rows + NextShift;
        var src = MemoryMarshal.Cast<BabyBear, uint>(lde.Values.AsSpan());
        var dst = MemoryMarshal.Cast<BabyBear, uint>(destination.AsSpan(0, w * Stride));
        Span<int> offsets = stackalloc int[8];
        var vecEnd = Avx2.IsSupported ? w & ~7 : 0;
        for (var t0 = 0; t0 < total; t0 += 8)
        {
            for (var t = 0; t < 8; t++)
            {
                offsets[t] = BitReversal.Reverse((start + t0 + t) & mask, logN) * w;
            }

            for (var c = 0; c < vecEnd; c += 8)
            {
                Transpose8(src, offsets, c, dst.Slice((c * Stride) + t0));
            }

            for (var c = vecEnd; c < w; c++)
            {
                var col = dst.Slice((c * Stride) + t0, 8);
                for (var t = 0; t < 8; t++)
                {
                    col[t] = src[offsets[t] + c];
                }
            }
        }
    }

    /// <summary>Columns c .. c + 7 of the 8 rows at <paramref name="offsets"/> into 8 column runs of dst, Stride apart.</summary>
    private void Transpose8(ReadOnlySpan<uint> src, ReadOnlySpan<int> offsets, int c, Span<uint> dst)
    {
        static Vector256<float> Row(ReadOnlySpan<uint> src, int at) =>
            Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(src.Slice(at, 8))).AsSingle();

        var r0 = Row(src, offsets[0] + c);
        var r1 = Row(src, offsets[1] + c);
        var r2 = Row(src, offsets[2] + c);
        var r3 = Row(src, offsets[3] + c);
        var r4 = Row(src, offsets[4] + c);
        var r5 = Row(src, offsets[5] + c);
        var r6 = Row(src, offsets[6] + c);
        var r7 = Row(src, offsets[7] + c);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        var s = Stride;
        Store(Avx.Permute2x128(u0, u4, 0x20), dst, 0);
        Store(Avx.Permute2x128(u1, u5, 0x20), dst, s);
        Store(Avx.Permute2x128(u2, u6, 0x20), dst, 2 * s);
        Store(Avx.Permute2x128(u3, u7, 0x20), dst, 3 * s);
        Store(Avx.Permute2x128(u0, u4, 0x31), dst, 4 * s);
        Store(Avx.Permute2x128(u1, u5, 0x31), dst, 5 * s);
        Store(Avx.Permute2x128(u2, u6, 0x31), dst, 6 * s);
        Store(Avx.Permute2x128(u3, u7, 0x31), dst, 7 * s);

        static void Store(Vector256<float> v, Span<uint> dst, int at) =>
            v.AsUInt32().StoreUnsafe(ref MemoryMarshal.GetReference(dst.Slice(at, 8)));
    }
}
