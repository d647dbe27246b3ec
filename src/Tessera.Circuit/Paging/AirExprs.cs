using Tessera.Stark.Air;

namespace Tessera.Circuit.Paging;

/// <summary>The interactions the paging tables share, written once.</summary>
internal static class AirExprs
{
    /// <summary>The columns of <paramref name="range"/> on this row.</summary>
    public static Expr[] Main(this AirBuilder b, ColumnRange range) =>
        [.. Enumerable.Range(0, range.Length).Select(i => b.Main(range[i]))];

    /// <summary>The columns of <paramref name="range"/> on the next row.</summary>
    public static Expr[] MainNext(this AirBuilder b, ColumnRange range) =>
        [.. Enumerable.Range(0, range.Length).Select(i => b.MainNext(range[i]))];

    /// <summary>Looks up that <paramref name="x"/> and <paramref name="y"/> are bytes.</summary>
    public static void Range(this AirBuilder b, Expr multiplicity, Expr x, Expr y) =>
        b.Send(Buses.Byte, multiplicity, (int)ByteOp.Range, x, y, 0);

    /// <summary>Looks up Poseidon2(<paramref name="input"/>) = <paramref name="output"/>.</summary>
    public static void Permutation(this AirBuilder b, Expr multiplicity, Expr[] input, Expr[] output) =>
        b.Receive(Buses.Poseidon2, multiplicity, [.. input, .. output]);

    /// <summary>Little-endian bytes as 16-bit limbs (b0 + 256·b1, b2 + 256·b3, …), as the state hashes absorb words.</summary>
    public static Expr[] Limbs(Expr[] bytes) =>
        [.. Enumerable.Range(0, bytes.Length / 2).Select(i => bytes[2 * i] + (256 * bytes[(2 * i) + 1]))];

    /// <summary>A memory-bus tuple (addr, b0, b1, b2, b3, ts).</summary>
    public static Expr[] MemoryTuple(Expr address, ReadOnlySpan<Expr> bytes, Expr ts) =>
        [address, bytes[0], bytes[1], bytes[2], bytes[3], ts];

    /// <summary>Σ bytes[i]·256^i.</summary>
    public static Expr Compose(params Expr[] bytes)
    {
        var sum = Expr.Zero;
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            sum = (sum * 256) + bytes[i];
        }

        return sum;
    }
}
