using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Tests;

/// <summary>A table that looks permutations up: it receives (input, output) with the weight in its last column.</summary>
internal sealed class Poseidon2ConsumerAir : IAir
{
    private const int Tuple = 2 * Poseidon2Air.StateWidth;

    public string Name => "consumer";

    public int Width => Tuple + 1;

    public void Eval(AirBuilder b) =>
        b.Receive(Poseidon2Air.BusName, b.Main(Tuple), [.. Enumerable.Range(0, Tuple).Select(b.Main)]);

    /// <summary>One row per (input, output) pair, weight 1; padding rows weigh 0.</summary>
    public static TableWitness Witness(IReadOnlyList<(BabyBear[] Input, BabyBear[] Output)> lookups)
    {
        var height = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, lookups.Count));
        var t = new Trace(Tuple + 1, height);
        for (var r = 0; r < lookups.Count; r++)
        {
            lookups[r].Input.CopyTo(t.Row(r));
            lookups[r].Output.CopyTo(t.Row(r)[Poseidon2Air.StateWidth..]);
            t[r, Tuple] = BabyBear.One;
        }

        return new TableWitness(t);
    }
}
