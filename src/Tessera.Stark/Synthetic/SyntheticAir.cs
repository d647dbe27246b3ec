using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Synthetic;

/// <summary>
/// The benchmark table of issue 3: 128 columns; column 0 is a 16-bit value looked up in
/// <see cref="U16TableAir"/>, columns 1..127 follow degree-3 transitions
/// c_i' = c_i²·c_(i−1) + c_(i+1) (indices 1..127, wrapping).
/// </summary>
internal sealed class SyntheticAir : IAir
{
    public const int Columns = 128;

    public string Name => "synthetic";

    public int Width => Columns;

    public void Eval(AirBuilder b)
    {
        for (var i = 1; i < Columns; i++)
        {
            var c = b.Main(i);
            b.AssertZeroTransition($"c{i}' = c{i}²·c{i - 1} + c{Next(i)}", b.MainNext(i) - (c * c * b.Main(i - 1)) - b.Main(Next(i)));
        }

        b.Send(U16TableAir.Bus, 1, b.Main(0));
    }

    private static int Next(int i) => i == Columns - 1 ? 1 : i + 1;

    /// <summary>An honest trace of 2^logRows rows and the matching u16 multiplicities.</summary>
    public static (TableWitness Main, TableWitness Table) Witness(int logRows, int seed)
    {
        var n = 1 << logRows;
        var rng = new Random(seed);
        var t = new Trace(Columns, n);
        var mult = new Trace(1, 1 << U16TableAir.LogHeight);
        for (var i = 1; i < Columns; i++)
        {
            t[0, i] = BabyBear.FromUInt32((uint)rng.Next());
        }

        for (var r = 0; r < n; r++)
        {
            var v = (uint)rng.Next(1 << 16);
            t[r, 0] = BabyBear.FromUInt32(v);
            mult[(int)v, 0] += BabyBear.One;
            if (r + 1 < n)
            {
                for (var i = 1; i < Columns; i++)
                {
                    var c = t[r, i];
                    t[r + 1, i] = (c * c * t[r, i - 1]) + t[r, Next(i)];
                }
            }
        }

        return (new TableWitness(t), new TableWitness(mult));
    }
}
