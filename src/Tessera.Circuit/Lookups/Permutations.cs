using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;

namespace Tessera.Circuit.Lookups;

/// <summary>
/// The Poseidon2 permutations a segment's tables look up, from many threads at once. Each distinct
/// input becomes one row of <see cref="Poseidon2Air"/>, whose multiplicity is the number of lookups
/// of that input (a tree node shared by two pages is hashed once).
/// </summary>
internal sealed class Permutations
{
    private readonly ConcurrentDictionary<State16, int> _counts = new();

    /// <summary>Permutes <paramref name="input"/> into <paramref name="output"/> and counts one lookup of it.</summary>
    public void Permute(ReadOnlySpan<BabyBear> input, Span<BabyBear> output)
    {
        if (input.Length != Poseidon2Air.StateWidth || output.Length != Poseidon2Air.StateWidth)
        {
            throw new ArgumentException("A permutation takes and gives 16 elements.", nameof(input));
        }

        var key = default(State16);
        input.CopyTo(key);
        _counts.AddOrUpdate(key, 1, static (_, c) => c + 1);
        input.CopyTo(output);
        Poseidon2.Permute(output);
    }

    /// <summary>Number of distinct inputs looked up so far.</summary>
    public int Count => _counts.Count;

    /// <summary>
    /// The Poseidon2 table's witness: one row per distinct input, in a canonical order (so the same
    /// lookups give the same trace whatever the threads did), padded to at least
    /// <paramref name="minimumHeight"/> rows.
    /// </summary>
    public TableWitness Witness(int minimumHeight, TraceAllocation allocation = default)
    {
        var entries = _counts.ToArray();
        Array.Sort(entries, static (x, y) => Compare(x.Key, y.Key));
        var inputs = new BabyBear[Math.Max(entries.Length, minimumHeight)][];
        var weights = new BabyBear[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            if (i < entries.Length)
            {
                var key = entries[i].Key;
                inputs[i] = ((ReadOnlySpan<BabyBear>)key).ToArray();
                weights[i] = BabyBear.FromUInt32((uint)entries[i].Value);
            }
            else
            {
                inputs[i] = new BabyBear[Poseidon2Air.StateWidth];
            }
        }

        return new TableWitness(Poseidon2Trace.Build(inputs, weights, allocation));
    }

    private static int Compare(in State16 x, in State16 y)
    {
        for (var i = 0; i < Poseidon2Air.StateWidth; i++)
        {
            var c = x[i].ToCanonical().CompareTo(y[i].ToCanonical());
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    [InlineArray(16)]
    private struct State16 : IEquatable<State16>
    {
        private BabyBear _e0;

        public readonly bool Equals(State16 other) =>
            ((ReadOnlySpan<BabyBear>)this).SequenceEqual(other);

        public override readonly bool Equals(object? obj) => obj is State16 s && Equals(s);

        public override readonly int GetHashCode()
        {
            var h = new HashCode();
            foreach (var e in (ReadOnlySpan<BabyBear>)this)
            {
                h.Add(e.ToCanonical());
            }

            return h.ToHashCode();
        }
    }
}
