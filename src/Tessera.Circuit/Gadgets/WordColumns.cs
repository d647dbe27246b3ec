using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Gadgets;

/// <summary>A 32-bit word held as four byte columns, least significant first.</summary>
internal readonly record struct WordColumns(int[] Bytes)
{
    /// <summary>The byte expressions on the current row.</summary>
    public Expr[] Read(AirBuilder b) => [.. Bytes.Select(b.Main)];

    /// <summary>The low and high 16-bit halves as expressions.</summary>
    public (Expr Lo, Expr Hi) Halves(AirBuilder b) =>
        (b.Main(Bytes[0]) + (256 * b.Main(Bytes[1])), b.Main(Bytes[2]) + (256 * b.Main(Bytes[3])));

    /// <summary>The value b0 + 2^8·b1 + 2^16·b2 + 2^24·b3 (an element; only meaningful below p).</summary>
    public Expr Value(AirBuilder b) =>
        b.Main(Bytes[0]) + (256 * b.Main(Bytes[1])) + (65536 * b.Main(Bytes[2])) + (Expr.Const(1 << 24) * b.Main(Bytes[3]));

    /// <summary>Writes <paramref name="value"/>'s bytes into <paramref name="row"/>.</summary>
    public void Fill(Span<BabyBear> row, uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            row[Bytes[i]] = BabyBear.FromCanonical((value >> (8 * i)) & 0xFF);
        }
    }
}
