using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Tests.Airs;

/// <summary>Columns x, lo, hi with x = lo + 256·hi; lo and hi are looked up in the byte table, so x &lt; 2^16.</summary>
public sealed class RangeCheckedAir : IAir
{
    public string Name => "range";

    public int Width => 3;

    public void Eval(AirBuilder b)
    {
        b.AssertZero("x = lo + 256·hi", b.Main(0) - b.Main(1) - (256 * b.Main(2)));
        b.Send(ByteTableAir.Bus, 1, b.Main(1));
        b.Send(ByteTableAir.Bus, 1, b.Main(2));
    }

    public static (TableWitness Range, TableWitness Bytes) Witness(int rows, int seed)
    {
        var rng = new Random(seed);
        var t = new Trace(3, rows);
        var bytes = new List<uint>();
        for (var r = 0; r < rows; r++)
        {
            var x = (uint)rng.Next(1 << 16);
            t[r, 0] = BabyBear.FromUInt32(x);
            t[r, 1] = BabyBear.FromUInt32(x & 255);
            t[r, 2] = BabyBear.FromUInt32(x >> 8);
            bytes.Add(x & 255);
            bytes.Add(x >> 8);
        }

        return (new TableWitness(t), ByteTableAir.Witness(bytes));
    }
}
