using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;

namespace Tessera.Circuit;

/// <summary>Fills <see cref="Poseidon2Air"/>'s trace: every intermediate cell of each permutation.</summary>
internal static class Poseidon2Trace
{
    private const int W = Poseidon2Air.StateWidth;

    // Rows per parallel work item: enough to amortise scheduling, few enough to balance two cores.
    private const int Chunk = 256;

    public static Trace Build(IReadOnlyList<BabyBear[]> inputs, IReadOnlyList<BabyBear>? multiplicities, TraceAllocation allocation = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (multiplicities is not null && multiplicities.Count != inputs.Count)
        {
            throw new ArgumentException($"{multiplicities.Count} multiplicities for {inputs.Count} inputs.", nameof(multiplicities));
        }

        for (var r = 0; r < inputs.Count; r++)
        {
            if (inputs[r] is null || inputs[r].Length != W)
            {
                throw new ArgumentException($"Input {r} is not a {W}-element state.", nameof(inputs));
            }
        }

        var height = (int)Math.Max(1u, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)inputs.Count));
        var width = Poseidon2Air.ColumnCount;
        var trace = allocation.New(width, height);
        Parallel.For(0, (height + Chunk - 1) / Chunk, chunk =>
        {
            Span<BabyBear> state = stackalloc BabyBear[W];
            var end = Math.Min(height, (chunk + 1) * Chunk);
            for (var r = chunk * Chunk; r < end; r++)
            {
                var row = trace.Row(r);
                if (r < inputs.Count)
                {
                    inputs[r].CopyTo(state);
                    row[Poseidon2Air.MultiplicityColumn] = multiplicities?[r] ?? BabyBear.Zero;
                }
                else
                {
                    state.Clear();
                }

                FillRow(state, row);
            }
        });
        return trace;
    }

    /// <summary>Permutes <paramref name="state"/> round by round, writing each committed cell to <paramref name="row"/>.</summary>
    private static void FillRow(Span<BabyBear> state, Span<BabyBear> row)
    {
        var c = Poseidon2Constants.Width16;
        var half = c.HalfFullRounds;
        state.CopyTo(row);
        ExternalLinear(state);
        for (var r = 0; r < half; r++)
        {
            FullRound(state, row, r, c.ExternalInitial.Slice(r * W, W));
        }

        var internalConstants = c.Internal;
        var diagonal = c.Diagonal;
        for (var r = 0; r < c.PartialRounds; r++)
        {
            var x = state[0] + internalConstants[r];
            var cube = x * x * x;
            state[0] = x * cube * cube;
            row[Poseidon2Air.PartialCubeColumn(r)] = cube;
            row[Poseidon2Air.PartialOutputColumn(r)] = state[0];
            var sum = BabyBear.Zero;
            for (var i = 0; i < W; i++)
            {
                sum += state[i];
            }

            for (var i = 0; i < W; i++)
            {
                state[i] = (diagonal[i] * state[i]) + sum;
            }
        }

        for (var r = 0; r < half; r++)
        {
            FullRound(state, row, half + r, c.ExternalFinal.Slice(r * W, W));
        }
    }

    private static void FullRound(Span<BabyBear> state, Span<BabyBear> row, int round, ReadOnlySpan<BabyBear> constants)
    {
        for (var i = 0; i < W; i++)
        {
            var x = state[i] + constants[i];
            var cube = x * x * x;
            row[Poseidon2Air.FullCubeColumn(round, i)] = cube;
            state[i] = x * cube * cube;
        }

        ExternalLinear(state);
        for (var i = 0; i < W; i++)
        {
            row[Poseidon2Air.FullPostColumn(round, i)] = state[i];
        }
    }

    /// <summary>M_E: M4 = circ(2, 3, 1, 1) per block of four, then the column sums of the blocks added back.</summary>
    private static void ExternalLinear(Span<BabyBear> s)
    {
        for (var b = 0; b < W; b += 4)
        {
            BabyBear x0 = s[b], x1 = s[b + 1], x2 = s[b + 2], x3 = s[b + 3];
            var sum = x0 + x1 + x2 + x3;
            s[b] = sum + x0 + x1 + x1;
            s[b + 1] = sum + x1 + x2 + x2;
            s[b + 2] = sum + x2 + x3 + x3;
            s[b + 3] = sum + x3 + x0 + x0;
        }

        for (var k = 0; k < 4; k++)
        {
            var column = s[k] + s[4 + k] + s[8 + k] + s[12 + k];
            for (var b = 0; b < W; b += 4)
            {
                s[b + k] += column;
            }
        }
    }
}
