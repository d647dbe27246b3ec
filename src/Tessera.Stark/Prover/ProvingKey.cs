using System.Runtime.CompilerServices;

using Tessera.Hash.Merkle;
using Tessera.Poly;

namespace Tessera.Stark.Prover;

/// <summary>
/// What a prover node computes once per machine and blowup and reuses for every proof: each
/// table's preprocessed columns, their LDE on the trace coset and the preprocessed round's Merkle
/// tree (whose root is the verifying key's commitment).
/// </summary>
/// <remarks>
/// Before the key, every proof asked each AIR for its preprocessed trace at several call sites
/// (the byte table builds a 2^16 × 6 copy per call), extended it and hashed it again. Keys are
/// cached per machine (weakly: a machine that is dropped takes its keys with it).
/// </remarks>
public sealed class ProvingKey
{
    private static readonly ConditionalWeakTable<Machine, Dictionary<int, ProvingKey>> Cache = new();

    private ProvingKey(Machine machine, int logBlowup)
    {
        Machine = machine;
        LogBlowup = logBlowup;
        var tables = machine.Tables;
        var ldes = new RowMajorMatrix?[tables.Count];
        for (var t = 0; t < tables.Count; t++)
        {
            if (tables[t].Air.PreprocessedWidth == 0 || tables[t].Preprocessed is not { } pre)
            {
                continue;
            }

            var lde = RowMajorMatrix.CreateUninitialized(pre.Width, pre.Height << logBlowup);
            Lde.CosetExtendInto(new RowMajorMatrix(pre.Values, pre.Width), logBlowup, Protocol.TraceShift, LdeOrder.BitReversed, lde);
            ldes[t] = lde;
        }

        PreprocessedLde = ldes;
        var views = ldes.Where(l => l is not null).Select(l => new MatrixView(l!.Values, l.Width)).ToArray();
        PreprocessedTree = views.Length == 0 ? null : MerkleTree.Commit(views);
        Bytes = ldes.Sum(l => l is null ? 0L : 4L * l.Values.Length) + (PreprocessedTree is null ? 0 : 2L * 32 * views.Max(v => (long)v.Height));
    }

    /// <summary>The machine the key is for.</summary>
    public Machine Machine { get; }

    /// <summary>log2 of the blowup the LDEs are at; proofs with this key use this blowup.</summary>
    public int LogBlowup { get; }

    /// <summary>About how many bytes the key holds (LDEs and Merkle digests).</summary>
    public long Bytes { get; }

    /// <summary>Per table, the LDE of its preprocessed columns (bit-reversed rows), or null.</summary>
    internal RowMajorMatrix?[] PreprocessedLde { get; }

    /// <summary>The preprocessed round's tree, or null when no table has preprocessed columns.</summary>
    internal MerkleTree? PreprocessedTree { get; }

    /// <summary>The key of <paramref name="machine"/> at <paramref name="logBlowup"/>, built on first use and cached.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logBlowup"/> is negative.</exception>
    public static ProvingKey For(Machine machine, int logBlowup)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentOutOfRangeException.ThrowIfNegative(logBlowup);
        var keys = Cache.GetValue(machine, _ => []);
        lock (keys)
        {
            if (!keys.TryGetValue(logBlowup, out var key))
            {
                key = new ProvingKey(machine, logBlowup);
                keys[logBlowup] = key;
            }

            return key;
        }
    }
}
