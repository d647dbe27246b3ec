using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Tests.Airs;

/// <summary>Columns a, b with a' = b, b' = a + b; publics: a₀, b₀ and the last b.</summary>
public sealed class FibonacciAir(string name = "fib") : IAir
{
    public string Name => name;

    public int Width => 2;

    public int PublicValueCount => 3;

    public void Eval(AirBuilder b)
    {
        Expr a = b.Main(0), x = b.Main(1), aNext = b.MainNext(0), xNext = b.MainNext(1);
        b.AssertZeroFirst("first a", a - b.Public(0));
        b.AssertZeroFirst("first b", x - b.Public(1));
        b.AssertZeroTransition("a' = b", aNext - x);
        b.AssertZeroTransition("b' = a + b", xNext - a - x);
        b.AssertZeroLast("last b", x - b.Public(2));
    }

    public static TableWitness Witness(int rows, uint a0 = 0, uint b0 = 1)
    {
        var t = new Trace(2, rows);
        BabyBear a = BabyBear.FromUInt32(a0), x = BabyBear.FromUInt32(b0);
        for (var r = 0; r < rows; r++)
        {
            t[r, 0] = a;
            t[r, 1] = x;
            (a, x) = (x, a + x);
        }

        return new TableWitness(t, [BabyBear.FromUInt32(a0), BabyBear.FromUInt32(b0), t[rows - 1, 1]]);
    }
}
