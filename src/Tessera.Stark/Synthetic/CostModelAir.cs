using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Synthetic;

/// <summary>
/// A table of the cost-model benchmark: <see cref="Width"/> main columns, a number of degree-2 and
/// degree-3 transition constraints and of sends per row, so that each axis of the prover's cost
/// (a main cell, a constraint, a send, a table) can be varied alone.
/// </summary>
/// <remarks>
/// Constraint k reads columns k, k−1 and k+1 (mod the width): degree 3 is
/// c_k' = c_k²·c_(k−1) + c_(k+1), degree 2 is c_k' = c_k·c_(k−1) + c_(k+1). Send s puts the pair
/// (c_s, c_(s+1)) on the <see cref="Bus"/> bus with multiplicity 1. The witness is random: the
/// prover's work does not depend on the values, and nothing here is meant to verify (the bus is
/// left unbalanced, the constraints unsatisfied; prove with <c>debugCheck: false</c>).
/// </remarks>
internal sealed class CostModelAir(string name, int width, int degree2, int degree3, int sends) : IAir
{
    public const string Bus = "cost";

    public string Name => name;

    public int Width => width;

    public int Degree2 => degree2;

    public int Degree3 => degree3;

    public int Sends => sends;

    public void Eval(AirBuilder b)
    {
        for (var k = 0; k < degree3; k++)
        {
            var c = b.Main(k % width);
            b.AssertZeroTransition($"d3_{k}", b.MainNext(k % width) - (c * c * b.Main((k + width - 1) % width)) - b.Main((k + 1) % width));
        }

        for (var k = 0; k < degree2; k++)
        {
            var i = (k + degree3) % width;
            b.AssertZeroTransition($"d2_{k}", b.MainNext(i) - (b.Main(i) * b.Main((i + width - 1) % width)) - b.Main((i + 1) % width));
        }

        for (var s = 0; s < sends; s++)
        {
            b.Send(Bus, 1, b.Main(s % width), b.Main((s + 1) % width));
        }
    }

    /// <summary>A random trace of 2^logRows rows (canonical field elements).</summary>
    /// <param name="logRows">log2 of the height.</param>
    /// <param name="seed">The random cells' seed.</param>
    /// <param name="forProvingAt">A blowup: the trace is made with <see cref="Trace.CreateForProving"/> for it (and consumed by its proof).</param>
    public TableWitness Witness(int logRows, int seed, int? forProvingAt = null)
    {
        var n = 1 << logRows;
        var trace = forProvingAt is { } b ? Trace.CreateForProving(width, n, b) : new Trace(width, GC.AllocateUninitializedArray<BabyBear>(checked(n * width)));
        var values = trace.Values.AsSpan(0, n * width);
        var rng = new Random(seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BabyBear.FromUInt32((uint)rng.Next() & 0x3FFF_FFFF);
        }

        return new TableWitness(trace);
    }
}
