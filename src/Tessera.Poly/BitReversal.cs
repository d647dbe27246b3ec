using System.Buffers.Binary;
using System.Runtime.CompilerServices;

using Tessera.Field;

namespace Tessera.Poly;

/// <summary>The bit-reversal permutation of power-of-two sequences and of matrix rows (an involution).</summary>
public static unsafe class BitReversal
{
    private const int TileBits = 4;

    /// <summary>The low <paramref name="bits"/> bits of <paramref name="value"/> in reverse order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside 0..31.</exception>
    public static int Reverse(int value, int bits)
    {
        if ((uint)bits > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Between 0 and 31 bits can be reversed in an int.");
        }

        return bits == 0 ? 0 : (int)(ReverseBits((uint)value) >> (32 - bits));
    }

    /// <summary>Swaps element i with element reverse(i) for every i; the length must be a power of two.</summary>
    /// <exception cref="ArgumentException">The length is not a power of two.</exception>
    public static void Permute(Span<BabyBear> values)
    {
        var logN = Ntt.LogOf(values.Length, nameof(values));
        fixed (BabyBear* p = values)
        {
            Permute((uint*)p, logN);
        }
    }

    /// <summary>Swaps row i with row reverse(i) for every i; the height must be a power of two.</summary>
    /// <exception cref="ArgumentException">The height is not a power of two.</exception>
    public static void PermuteRows(RowMajorMatrix matrix, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var logN = Ntt.LogOf(matrix.Height, nameof(matrix));
        if (matrix.Width == 1)
        {
            Permute(matrix.Values);
            return;
        }

        fixed (BabyBear* p = matrix.Values)
        {
            PermuteRows((uint*)p, matrix.Width, logN, maxDegreeOfParallelism);
        }
    }

    /// <summary>
    /// In-place bit reversal of 2^logN lanes. Large sizes go tile by tile (COBRA): the 16×16 lanes
    /// (hi, mid, lo) for one middle part map onto the lanes (rev lo, rev mid, rev hi) of one other
    /// tile, so each tile pair is read and written as 16 runs of 16 contiguous lanes instead of 256
    /// scattered swaps, which is what keeps a 2^20 reversal near memory speed.
    /// </summary>
    internal static void Permute(uint* x, int logN)
    {
        if (logN < 2 * TileBits)
        {
            var n = 1 << logN;
            for (var i = 0; i < n; i++)
            {
                var j = Reverse(i, logN);
                if (i < j)
                {
                    (x[i], x[j]) = (x[j], x[i]);
                }
            }

            return;
        }

        const int T = 1 << TileBits;
        var midBits = logN - (2 * TileBits);
        var hiShift = logN - TileBits;
        var a = stackalloc uint[T * T];
        var b = stackalloc uint[T * T];
        var rev = stackalloc int[T];
        for (var i = 0; i < T; i++)
        {
            rev[i] = Reverse(i, TileBits);
        }

        for (var mid = 0; mid < 1 << midBits; mid++)
        {
            var rmid = Reverse(mid, midBits);
            if (rmid < mid)
            {
                continue;
            }

            LoadTile(x, mid, hiShift, a);
            if (rmid != mid)
            {
                LoadTile(x, rmid, hiShift, b);
            }

            StoreTile(x, rmid, hiShift, a, rev);
            if (rmid != mid)
            {
                StoreTile(x, mid, hiShift, b, rev);
            }
        }
    }

    private static void LoadTile(uint* x, int mid, int hiShift, uint* tile)
    {
        const int T = 1 << TileBits;
        for (var hi = 0; hi < T; hi++)
        {
            Unsafe.CopyBlock(tile + (hi * T), x + ((long)hi << hiShift) + (mid << TileBits), T * sizeof(uint));
        }
    }

    private static void StoreTile(uint* x, int mid, int hiShift, uint* tile, int* rev)
    {
        const int T = 1 << TileBits;
        for (var rlo = 0; rlo < T; rlo++)
        {
            var dst = x + ((long)rlo << hiShift) + (mid << TileBits);
            var col = rev[rlo];
            for (var rhi = 0; rhi < T; rhi++)
            {
                dst[rhi] = tile[(rev[rhi] * T) + col];
            }
        }
    }

    /// <summary>In-place bit reversal of 2^logN rows of <paramref name="width"/> lanes (contiguous rows).</summary>
    internal static void PermuteRows(uint* data, int width, int logN, int dop)
    {
        var d = (nint)data;
        var rowBytes = (uint)width * sizeof(uint);
        Parallelism.For(1 << logN, dop, Math.Max(64, (1 << 16) / width), (i0, i1) =>
        {
            var tmp = Scratch.Get(width);
            for (var i = i0; i < i1; i++)
            {
                var j = Reverse(i, logN);
                if (i < j)
                {
                    var ri = (uint*)d + ((long)i * width);
                    var rj = (uint*)d + ((long)j * width);
                    Unsafe.CopyBlock(tmp, ri, rowBytes);
                    Unsafe.CopyBlock(ri, rj, rowBytes);
                    Unsafe.CopyBlock(rj, tmp, rowBytes);
                }
            }
        });
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        return BinaryPrimitives.ReverseEndianness(v);
    }
}
