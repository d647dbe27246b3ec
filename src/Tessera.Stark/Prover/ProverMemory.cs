using Tessera.Stark.Fri;

namespace Tessera.Stark.Prover;

/// <summary>
/// The memory a proof needs, known before proving: what the prover rents (every buffer is held
/// until the proof is done, so the rents add up), the witness the caller holds, the proving key
/// and the runtime. A node compares it with its memory to say which heights it can take.
/// </summary>
/// <remarks>
/// <para>Per table of n rows, W main columns, A extension aux columns and C quotient chunks at
/// blowup B (N = n·B LDE rows), in bytes: main LDE 4·W·N; aux trace 16·A·n and LDE 16·A·N;
/// quotient planes 16·n·2^q, chunk LDE 16·C·N and NTT scratch 16·N; the DEEP sum 16·N per LDE
/// height; Merkle digests 32 per node (2 per leaf) of each round's tree; FRI's folded layers
/// (16·N/2 + 16·N/4 + …), their fold points (4 per pair) and digests. The witness is 4·W·n.</para>
/// <para>Measured against peak RSS by <c>tessera bench stark --cost-model</c> (see
/// docs/PERFORMANCE.md); <see cref="RuntimeBytes"/> is the process around the prover (the .NET
/// runtime, JIT'd code, thread stacks, the GC's allocation budget and the shared scratch pools).</para>
/// </remarks>
public static class ProverMemory
{
    /// <summary>Resident bytes of a proving process besides the figures below, measured on the reference machine.</summary>
    public const long RuntimeBytes = 56L << 20;

    private const int DigestBytes = 32;

    /// <summary>Predicted peak resident bytes of a process that proves on <paramref name="machine"/> at these heights.</summary>
    /// <param name="machine">The tables.</param>
    /// <param name="logHeights">log2 of each table's height, in the machine's order.</param>
    /// <param name="parameters">FRI parameters; <see cref="ProofParameters.Default"/> when null.</param>
    /// <param name="includeWitness">Count the witness traces (4 bytes a main cell): a caller that holds them while proving.</param>
    /// <param name="ownedWitnesses">The traces are made with <see cref="Trace.CreateForProving"/>: each is its table's main LDE
    /// (counted in the pool), and only the columns its buses read are copied aside (4 bytes a cell).</param>
    /// <exception cref="ArgumentException">One height per table is not given.</exception>
    public static long PredictPeakBytes(Machine machine, IReadOnlyList<int> logHeights, ProofParameters? parameters = null, bool includeWitness = true,
        bool ownedWitnesses = false)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(logHeights);
        var p = parameters ?? ProofParameters.Default;
        var witness = 0L;
        for (var t = 0; t < machine.Tables.Count; t++)
        {
            var table = machine.Tables[t];
            var columns = !ownedWitnesses ? table.Air.Width : table.AuxWidth == 0 ? 0 : Math.Max(1, table.InteractionProgram.MainColumns().Length);
            witness += 4L * columns << logHeights[t];
        }

        includeWitness |= ownedWitnesses;

        return RuntimeBytes + KeyBytes(machine, p.LogBlowup) + PooledBytes(machine, logHeights, p) + (includeWitness ? witness : 0)
            + ScratchBytes(logHeights);
    }

    /// <summary>
    /// The largest po2 whose proof is predicted to fit in <paramref name="budgetBytes"/>, or null
    /// when none from 2^<see cref="Protocol.MaxLogHeight"/> down does: what a node can take.
    /// </summary>
    /// <param name="machine">The tables.</param>
    /// <param name="logHeightsAt">Each table's log height for a segment of 2^po2 cycles.</param>
    /// <param name="budgetBytes">The memory the node gives the prover.</param>
    /// <param name="parameters">FRI parameters; <see cref="ProofParameters.Default"/> when null.</param>
    /// <param name="ownedWitnesses">As in <see cref="PredictPeakBytes"/>.</param>
    public static int? LargestPo2(Machine machine, Func<int, IReadOnlyList<int>> logHeightsAt, long budgetBytes, ProofParameters? parameters = null,
        bool ownedWitnesses = true)
    {
        ArgumentNullException.ThrowIfNull(logHeightsAt);
        for (var po2 = Protocol.MaxLogHeight; po2 >= 1; po2--)
        {
            var logs = logHeightsAt(po2);
            if (logs.Max() <= Protocol.MaxLogHeight && PredictPeakBytes(machine, logs, parameters, true, ownedWitnesses) <= budgetBytes)
            {
                return po2;
            }
        }

        return null;
    }

    /// <summary>Bytes the prover rents from its pool for one proof (its working set between proofs).</summary>
    /// <exception cref="ArgumentException">One height per table is not given.</exception>
    public static long PooledBytes(Machine machine, IReadOnlyList<int> logHeights, ProofParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(logHeights);
        var p = parameters ?? ProofParameters.Default;
        var tables = machine.Tables;
        if (logHeights.Count != tables.Count)
        {
            throw new ArgumentException($"{logHeights.Count} heights for {tables.Count} tables.", nameof(logHeights));
        }

        var b = p.LogBlowup;
        var total = 0L;
        var lde = new List<int>();
        var auxLde = new List<int>();
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            long n = 1L << logHeights[t];
            var big = n << b;
            lde.Add(logHeights[t] + b);
            total += 4L * table.Air.Width * big;
            if (table.AuxWidth > 0)
            {
                auxLde.Add(logHeights[t] + b);
                total += 16L * table.AuxWidth * (n + big);
            }

            total += (16L * n << table.LogQuotientFactor) + (16L * table.QuotientChunks * big) + (16L * big);
        }

        // Main, aux and quotient trees; the DEEP sum per LDE height.
        total += TreeBytes(lde) + TreeBytes(auxLde) + TreeBytes(lde);
        foreach (var log in lde.Distinct())
        {
            total += 16L << log;
        }

        // FRI: each folded layer and its fold points, each committed layer's digests.
        var logMax = lde.Max();
        var size = logMax;
        foreach (var s in Protocol.FoldSchedule(p, logMax, lde.Distinct()))
        {
            total += 2L * DigestBytes << (size - s);
            for (var i = 0; i < s; i++)
            {
                size--;
                total += (16L + 4L) << size;
            }
        }

        return total;
    }

    /// <summary>Bytes of the machine's proving key at a blowup (preprocessed LDEs and their tree).</summary>
    public static long KeyBytes(Machine machine, int logBlowup)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var logs = new List<int>();
        var total = 0L;
        foreach (var table in machine.Tables)
        {
            if (table.Air.PreprocessedWidth > 0 && table.Preprocessed is { } pre)
            {
                logs.Add(pre.LogHeight + logBlowup);
                total += 4L * pre.Width * pre.Height << logBlowup;
            }
        }

        // The AIR's own copy of the preprocessed trace, which the compiled table keeps.
        total += machine.Tables.Sum(t => t.Air.PreprocessedWidth == 0 || t.Preprocessed is not { } pre ? 0 : 4L * pre.Values.Length);
        return total + TreeBytes(logs);
    }

    // A mixed-height tree: 2 digests per leaf of the tallest matrix, plus one scratch level the
    // height of the second tallest when heights differ.
    private static long TreeBytes(List<int> logs)
    {
        if (logs.Count == 0)
        {
            return 0;
        }

        var max = logs.Max();
        var total = 2L * DigestBytes << max;
        var smaller = logs.Where(l => l < max).ToArray();
        return smaller.Length == 0 ? total : total + (DigestBytes << smaller.Max());
    }

    // The shared pools' scratch the prover keeps: each thread's LDE coset powers of the tallest table.
    private static long ScratchBytes(IReadOnlyList<int> logHeights) => 4L * Environment.ProcessorCount << logHeights.Max();
}
