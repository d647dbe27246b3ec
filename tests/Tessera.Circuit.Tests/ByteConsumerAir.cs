using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Tests;

/// <summary>A table that uses the byte table: it sends (op, a, b, result) from its own columns with the weight in its last column.</summary>
internal sealed class ByteConsumerAir : IAir
{
    private const int Tuple = 4;

    public string Name => "byte consumer";

    public int Width => Tuple + 1;

    public void Eval(AirBuilder b) =>
        b.Send(ByteOpsAir.BusName, b.Main(Tuple), [.. Enumerable.Range(0, Tuple).Select(b.Main)]);

    /// <summary>One row per claimed (op, a, b, result), weight 1; padding rows weigh 0.</summary>
    public static TableWitness Witness(IReadOnlyList<(uint Op, uint A, uint B, uint Result)> claims)
    {
        var height = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, claims.Count));
        var t = new Trace(Tuple + 1, height);
        for (var r = 0; r < claims.Count; r++)
        {
            var (op, a, b, result) = claims[r];
            t[r, 0] = BabyBear.FromUInt32(op);
            t[r, 1] = BabyBear.FromUInt32(a);
            t[r, 2] = BabyBear.FromUInt32(b);
            t[r, 3] = BabyBear.FromUInt32(result);
            t[r, Tuple] = BabyBear.One;
        }

        return new TableWitness(t);
    }
}
