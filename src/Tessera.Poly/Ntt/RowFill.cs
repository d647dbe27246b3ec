namespace Tessera.Poly;

/// <summary>
/// Where a row transform's input comes from when it is not already in place: transform row R reads
/// source row R (or reverse(R)), optionally times a per-row factor. Fusing this copy into the first
/// pass saves a whole read and write of the matrix (the LDE's trace gather and coset scaling).
/// </summary>
internal sealed unsafe class RowFill(uint* source, long stride, bool reverseRows, uint* factors, bool reverseFactors)
{
    private readonly nint source = (nint)source;
    private readonly nint factors = (nint)factors;

    /// <summary>Writes transform row <paramref name="row"/> of a 2^logN-row transform to <paramref name="dst"/>.</summary>
    public void Read(int row, uint* dst, int width, int logN)
    {
        var src = (uint*)source + ((reverseRows ? BitReversal.Reverse(row, logN) : row) * stride);
        if (factors == 0)
        {
            System.Runtime.CompilerServices.Unsafe.CopyBlock(dst, src, (uint)width * sizeof(uint));
        }
        else
        {
            var f = ((uint*)factors)[reverseFactors ? BitReversal.Reverse(row, logN) : row];
            Butterflies.Scale(src, dst, width, f);
        }
    }
}
