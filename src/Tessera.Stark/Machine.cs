using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark.Air;

namespace Tessera.Stark;

/// <summary>
/// A set of tables proved together. Buses are numbered by the ordinal order of their names, so
/// prover and verifier derive the same numbering from the same tables.
/// </summary>
public sealed class Machine
{
    /// <summary>Compiles every table's AIR once.</summary>
    /// <exception cref="ArgumentException">No tables, or two tables share a name.</exception>
    public Machine(params IAir[] airs)
    {
        ArgumentNullException.ThrowIfNull(airs);
        if (airs.Length == 0)
        {
            throw new ArgumentException("A machine has at least one table.", nameof(airs));
        }

        if (airs.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != airs.Length)
        {
            throw new ArgumentException("Table names must be unique within a machine.", nameof(airs));
        }

        // Each AIR's Eval runs here, once: its builder is what the compiled table is made from.
        // One tuple length per bus: the fold bus + Σ β^(j+1)·t_j does not bind the length, so a
        // sent (x, 0) would otherwise match a received (x).
        var buses = new SortedDictionary<string, (int Arity, string Table)>(StringComparer.Ordinal);
        var maxTuple = 0;
        var builders = new AirBuilder[airs.Length];
        for (var a = 0; a < airs.Length; a++)
        {
            var air = airs[a];
            var b = builders[a] = new AirBuilder(air.Name, air.Width, air.PreprocessedWidth, air.PublicValueCount);
            air.Eval(b);
            foreach (var it in b.Interactions)
            {
                if (buses.TryGetValue(it.Bus, out var seen) && seen.Arity != it.Tuple.Count)
                {
                    throw new ArgumentException($"Bus '{it.Bus}' carries {seen.Arity}-tuples in table '{seen.Table}' but a " +
                        $"{it.Tuple.Count}-tuple in table '{air.Name}': every interaction on a bus has the same tuple length.", nameof(airs));
                }

                buses.TryAdd(it.Bus, (it.Tuple.Count, air.Name));
                maxTuple = Math.Max(maxTuple, it.Tuple.Count);
            }
        }

        Buses = [.. buses.Keys];
        var ids = Buses.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i + 1, StringComparer.Ordinal);
        Tables = [.. airs.Select((a, i) => new CompiledAir(a, builders[i], name => ids[name]))];
        ChallengeCount = buses.Count == 0 ? 0 : 1 + maxTuple;
    }

    /// <summary>The compiled tables, in the order given.</summary>
    public IReadOnlyList<CompiledAir> Tables { get; }

    /// <summary>Bus names in numbering order (bus i has id i + 1).</summary>
    public IReadOnlyList<string> Buses { get; }

    /// <summary>
    /// A digest of every table's shape, constraint programs, interactions and preprocessed values,
    /// bound into every proof's transcript so that a proof for one machine does not verify for
    /// another, not even one that differs only in a fixed table.
    /// </summary>
    internal Digest Fingerprint => _fingerprint ??= ComputeFingerprint();

    private Digest? _fingerprint;

    private readonly Dictionary<int, Hash.Merkle.MerkleTree?> _preprocessed = [];

    /// <summary>
    /// The preprocessed commitment at a blowup (every table's LDE lies on the same coset, so it
    /// depends on nothing else), computed once per blowup and cached: the verifying key.
    /// </summary>
    internal Hash.Merkle.MerkleTree? PreprocessedTree(int logBlowup, Func<Hash.Merkle.MerkleTree?> build)
    {
        lock (_preprocessed)
        {
            if (!_preprocessed.TryGetValue(logBlowup, out var tree))
            {
                tree = build();
                _preprocessed[logBlowup] = tree;
            }

            return tree;
        }
    }

    /// <summary>Whether the preprocessed commitment at this blowup has been built (for tests: no path builds one at a size a proof chose).</summary>
    internal bool HasPreprocessedTree(int logBlowup)
    {
        lock (_preprocessed)
        {
            return _preprocessed.ContainsKey(logBlowup);
        }
    }

    private Digest ComputeFingerprint()
    {
        var words = new List<BabyBear>();
        void Add(long v) => words.Add(BabyBear.FromUInt64((ulong)v));
        Add(Tables.Count);
        foreach (var t in Tables)
        {
            Add(t.Name.Length);
            foreach (var ch in t.Name)
            {
                Add(ch);
            }

            Add(t.Air.Width);
            Add(t.Air.PreprocessedWidth);
            Add(t.Air.PublicValueCount);
            Add(t.AuxWidth);
            foreach (var program in new[] { t.Program, t.InteractionProgram })
            {
                Add(program.Nodes.Length);
                foreach (var n in program.Nodes)
                {
                    Add((long)n.Kind);
                    Add(n.Index);
                    Add(n.Offset);
                    words.Add(n.Constant);
                    Add(n.A + 1);
                    Add(n.B + 1);
                }

                Add(program.Roots.Length);
                foreach (var r in program.Roots)
                {
                    Add(r);
                }
            }

            foreach (var id in t.BusIds)
            {
                Add(id);
            }

            // The fixed tables themselves: height and a sponge digest of every value.
            var pre = t.Air.PreprocessedWidth == 0 ? null : t.Air.Preprocessed();
            Add(pre?.Height ?? 0);
            if (pre is not null)
            {
                words.AddRange(Poseidon2Sponge.Hash(pre.Values).ToArray());
            }
        }

        return Poseidon2Sponge.Hash(words.ToArray());
    }

    /// <summary>Extension challenges the LogUp stage draws: α, then β, β², … (0 without buses).</summary>
    public int ChallengeCount { get; }
}
