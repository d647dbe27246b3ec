using Tessera.Field;
using Tessera.Hash.Challenger;
using Tessera.Hash.Merkle;
using Tessera.Poly;
using Tessera.Stark.Debugging;
using Tessera.Stark.Fri;
using Tessera.Stark.Lookup;
using Tessera.Stark.Pcs;
using Tessera.Stark.Proofs;

namespace Tessera.Stark.Prover;

/// <summary>
/// Proves that witnesses satisfy a machine's tables and balance its buses. Rounds, each one
/// Merkle commitment for all tables: preprocessed, main, LogUp aux, quotient chunks; then one
/// batched DEEP-FRI opening at ζ and ζ·g.
/// </summary>
public static class StarkProver
{
    /// <summary>
    /// Hands back the buffers kept for the next proof (about one proof's working set) and frees them
    /// with a full collection: for a process that has finished proving, before it verifies or
    /// writes what it proved.
    /// </summary>
    public static void ReleaseBuffers()
    {
        BufferPool<BabyBear>.Shared.Clear();
        BufferPool<Hash.Digest>.Shared.Clear();
        BufferPool<BabyBear4>.Shared.Clear();
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Makes a proof.</summary>
    /// <param name="machine">The tables.</param>
    /// <param name="witnesses">One per table, in the machine's order.</param>
    /// <param name="parameters">FRI parameters; <see cref="ProofParameters.Default"/> when null.</param>
    /// <param name="debugCheck">Run <see cref="DebugChecker"/> first (recommended: a bad witness otherwise yields a proof that fails to verify).</param>
    /// <exception cref="TraceCheckException">The witness is malformed or (with <paramref name="debugCheck"/>) fails a constraint or bus.</exception>
    /// <exception cref="ArgumentException">A table is too tall, too short for the final polynomial, or its constraints need a larger blowup.</exception>
    public static StarkProof Prove(Machine machine, IReadOnlyList<TableWitness> witnesses, ProofParameters? parameters = null,
        bool debugCheck = true)
    {
        ArgumentNullException.ThrowIfNull(machine);
        var p = parameters ?? ProofParameters.Default;
        p.Validate();
        return Prove(ProvingKey.For(machine, p.LogBlowup), witnesses, p, debugCheck);
    }

    /// <summary>Makes a proof with a proving key built once for the machine (<see cref="ProvingKey.For"/>).</summary>
    /// <param name="key">The machine's proving key at the parameters' blowup.</param>
    /// <param name="witnesses">One per table, in the machine's order.</param>
    /// <param name="parameters">FRI parameters; <see cref="ProofParameters.Default"/> when null.</param>
    /// <param name="debugCheck">Run <see cref="DebugChecker"/> first.</param>
    /// <exception cref="TraceCheckException">The witness is malformed or (with <paramref name="debugCheck"/>) fails a constraint or bus.</exception>
    /// <exception cref="ArgumentException">The key is for another blowup, a table is too tall or too short, or its constraints need a larger blowup.</exception>
    public static StarkProof Prove(ProvingKey key, IReadOnlyList<TableWitness> witnesses, ProofParameters? parameters = null,
        bool debugCheck = true)
    {
        ArgumentNullException.ThrowIfNull(key);
        var machine = key.Machine;
        var p = parameters ?? ProofParameters.Default;
        p.Validate();
        if (p.LogBlowup != key.LogBlowup)
        {
            throw new ArgumentException($"The proving key is for log_blowup {key.LogBlowup}; the parameters ask for {p.LogBlowup}.", nameof(parameters));
        }

        CheckOwnership(witnesses, p.LogBlowup);
        if (debugCheck)
        {
            DebugChecker.Check(machine, witnesses);
        }
        else
        {
            DebugChecker.CheckShapes(machine, witnesses);
        }

        using var buffers = ProverBuffers.Open();
        return Prove(key, witnesses, p, buffers);
    }

    /// <summary>As <see cref="Prove(ProvingKey, IReadOnlyList{TableWitness}, ProofParameters?, bool)"/> without the debug check, also reporting the bytes rented (for <see cref="ProverMemory"/>'s tests).</summary>
    internal static StarkProof Prove(ProvingKey key, IReadOnlyList<TableWitness> witnesses, ProofParameters p, out long rentedBytes)
    {
        CheckOwnership(witnesses, p.LogBlowup);
        DebugChecker.CheckShapes(key.Machine, witnesses);
        using var buffers = ProverBuffers.Open();
        var proof = Prove(key, witnesses, p, buffers);
        rentedBytes = buffers.RentedBytes;
        return proof;
    }

    // A trace made for proving (Trace.CreateForProving) is taken over by one proof at its blowup.
    private static void CheckOwnership(IReadOnlyList<TableWitness> witnesses, int logBlowup)
    {
        ArgumentNullException.ThrowIfNull(witnesses);
        foreach (var w in witnesses)
        {
            if (w.Main.IsConsumed)
            {
                throw new ArgumentException("A witness trace made with Trace.CreateForProving was already consumed by a proof.", nameof(witnesses));
            }

            if (w.Main.LogSpare != 0 && w.Main.LogSpare != logBlowup)
            {
                throw new ArgumentException($"A witness trace was made for log_blowup {w.Main.LogSpare}; the proof is at {logBlowup}.", nameof(witnesses));
            }
        }
    }

    private static StarkProof Prove(ProvingKey key, IReadOnlyList<TableWitness> witnesses, ProofParameters parameters, ProverBuffers buffers)
    {
        var machine = key.Machine;
        var p = parameters;
        CommittedTable Commit(BabyBear[] values, int width, int logBlowup, BabyBear shift)
        {
            var trace = new RowMajorMatrix(values, width);
            var lde = new RowMajorMatrix(buffers.Field(values.Length << logBlowup), width);
            Lde.CosetExtendInto(trace, logBlowup, shift, LdeOrder.BitReversed, lde);
            return new CommittedTable(lde);
        }

        var tables = machine.Tables;
        var count = tables.Count;
        var timer = new PhaseTimer();
        var logH = witnesses.Select(w => w.Main.LogHeight).ToArray();
        var b = p.LogBlowup;
        for (var t = 0; t < count; t++)
        {
            if (logH[t] > Protocol.MaxLogHeight || logH[t] < p.LogFinalPolyLength)
            {
                throw new ArgumentException($"Table '{tables[t].Name}' has 2^{logH[t]} rows; allowed 2^{p.LogFinalPolyLength}..2^{Protocol.MaxLogHeight}.", nameof(witnesses));
            }

            if (tables[t].LogQuotientFactor > b)
            {
                throw new ArgumentException($"Table '{tables[t].Name}' has degree-{tables[t].MaxDegree} constraints, which need log_blowup ≥ {tables[t].LogQuotientFactor}.", nameof(parameters));
            }
        }

        var logMax = logH.Max() + b;
        var ch = new DuplexChallenger();
        var publics = witnesses.Select(w => w.Publics).ToArray();
        Protocol.ObserveHeader(ch, machine, p, logH, publics);

        var rounds = new Dictionary<Round, CommittedTable?[]>();
        var trees = new Dictionary<Round, MerkleTree>();
        void CommitRound(Round r, CommittedTable?[] data)
        {
            rounds[r] = data;
            var views = data.Where(d => d is not null).Select(d => new MatrixView(d!.Lde.Values, d.Lde.Width)).ToArray();
            if (views.Length > 0)
            {
                trees[r] = MerkleTree.Commit(buffers.DigestAllocator, views);
                ch.Observe(trees[r].Root);
            }
        }

        // The preprocessed round comes from the key: extended and hashed once per machine.
        rounds[Round.Preprocessed] = [.. key.PreprocessedLde.Select(l => l is null ? null : new CommittedTable(l))];
        if (key.PreprocessedTree is { } preTree)
        {
            trees[Round.Preprocessed] = preTree;
            ch.Observe(preTree.Root);
        }

        // A witness the prover owns is extended in place (its LDE needs no second matrix); the
        // columns its buses read are kept aside first, for the aux trace.
        var interactionTraces = new Trace?[count];
        var interactionPrograms = new Air.ConstraintProgram?[count];
        CommittedTable CommitMain(int t)
        {
            var main = witnesses[t].Main;
            if (main.LogSpare == 0)
            {
                return Commit(main.Values, main.Width, b, Protocol.TraceShift);
            }

            if (tables[t].AuxWidth > 0)
            {
                var program = tables[t].InteractionProgram;
                var columns = program.MainColumns();
                var map = new int[main.Width];
                for (var i = 0; i < columns.Length; i++)
                {
                    map[columns[i]] = i;
                }

                var k = Math.Max(1, columns.Length);
                var narrow = new Trace(k, buffers.Field(k * main.Height));
                Parallel.For(0, main.Height >> Math.Min(main.LogHeight, 10), blk =>
                {
                    var rows = Math.Min(main.Height, 1 << 10);
                    for (var r = blk * rows; r < (blk + 1) * rows; r++)
                    {
                        var src = main.Row(r);
                        var dst = narrow.Row(r);
                        dst.Clear();
                        for (var i = 0; i < columns.Length; i++)
                        {
                            dst[i] = src[columns[i]];
                        }
                    }
                });
                interactionTraces[t] = narrow;
                interactionPrograms[t] = program.RemapMain(map);
            }

            buffers.Adopt(main.Values);
            var lde = Lde.CosetExtendInPlace(main.Values, main.Width, main.LogHeight, b, Protocol.TraceShift);
            main.Consume();
            return new CommittedTable(lde);
        }

        var mainData = Enumerable.Range(0, count).Select(CommitMain).ToArray();
        timer.Mark("main LDE");
        CommitRound(Round.Main, mainData);
        timer.Mark("main commit");
        var lookupPow = GrindingClock.Grind(ch, p.LookupProofOfWorkBits);
        timer.Mark("lookup grinding");
        var challenges = Protocol.LogUpChallenges(ch, machine);
        var sums = new BabyBear4[count];
        var auxData = new CommittedTable?[count];
        for (var t = 0; t < count; t++)
        {
            if (tables[t].AuxWidth == 0)
            {
                continue;
            }

            // A pooled array of unspecified contents: BuildAux writes every cell.
            var aux = buffers.Field(witnesses[t].Main.Height * 4 * tables[t].AuxWidth);
            sums[t] = LogUp.BuildAux(tables[t], interactionTraces[t] ?? witnesses[t].Main, tables[t].Preprocessed, publics[t], challenges, aux,
                interactionPrograms[t] ?? tables[t].InteractionProgram);
            timer.Mark("logup aux build");
            auxData[t] = Commit(aux, 4 * tables[t].AuxWidth, b, Protocol.TraceShift);
            timer.Mark("logup aux LDE");
        }

        CommitRound(Round.Aux, auxData);
        var cumulativeSums = Enumerable.Range(0, count).Where(t => tables[t].AuxWidth > 0).Select(t => sums[t]).ToArray();
        foreach (var s in cumulativeSums)
        {
            ch.Observe(s);
        }

        timer.Mark("logup aux commit");
        var gamma = ch.SampleExtension();
        var quotient = new CommittedTable?[count];
        for (var t = 0; t < count; t++)
        {
            quotient[t] = new CommittedTable(QuotientBuilder.Build(tables[t], logH[t], b, Protocol.TraceShift, rounds[Round.Preprocessed][t],
                rounds[Round.Main][t]!, auxData[t], publics[t], challenges, sums[t], gamma, buffers.Field));
        }

        timer.Mark("quotient evaluate + chunk LDE");
        CommitRound(Round.Quotient, quotient);
        timer.Mark("quotient commit");

        var deepPow = GrindingClock.Grind(ch, p.DeepProofOfWorkBits);
        timer.Mark("deep grinding");
        var zeta = ch.SampleExtension();
        var openings = new TableOpenings[count];
        foreach (var sameHeight in Enumerable.Range(0, count).GroupBy(t => logH[t]))
        {
            // Every round of every table of one height in one pass over the LDE rows, sharing the
            // weights (they depend on the height only): trace rounds at ζ and ζ·g, the quotient
            // chunks at ζ (their value at ζ·g is computed and dropped: 8 narrow columns).
            var ts = sameHeight.ToArray();
            var zetaNext = zeta * BabyBear.TwoAdicGenerator(sameHeight.Key);
            var opened = Barycentric.Evaluate([.. ts.SelectMany(t => new[] { rounds[Round.Preprocessed][t]?.Lde, rounds[Round.Main][t]!.Lde,
                auxData[t]?.Lde, quotient[t]!.Lde })], sameHeight.Key, Protocol.TraceShift, zeta, zetaNext);
            for (var i = 0; i < ts.Length; i++)
            {
                openings[ts[i]] = new TableOpenings
                {
                    PreprocessedLocal = opened[(4 * i) + 0][0],
                    PreprocessedNext = opened[(4 * i) + 0][1],
                    MainLocal = opened[(4 * i) + 1][0],
                    MainNext = opened[(4 * i) + 1][1],
                    AuxLocal = opened[(4 * i) + 2][0],
                    AuxNext = opened[(4 * i) + 2][1],
                    Quotient = opened[(4 * i) + 3][0],
                };
            }
        }

        timer.Mark("open at zeta");
        Transcript.ObserveOpenings(ch, openings);
        var batchingPow = GrindingClock.Grind(ch, p.BatchingProofOfWorkBits);
        timer.Mark("batching grinding");
        var alpha = ch.SampleExtension();
        var deep = new DeepQuotient(machine, openings, alpha);
        // The tables of one height in one pass: they share the LDE domain, hence the inverses of
        // ζ − x and ζ·g − x, and their sum is FRI's input at that height.
        var reduced = new Dictionary<int, BabyBear4[]>();
        foreach (var sameHeight in Enumerable.Range(0, count).GroupBy(t => logH[t]))
        {
            var logLde = sameHeight.Key + b;
            var dst = buffers.Extension(1 << logLde);
            TableLdes[] ldes = [.. sameHeight.Select(t => new TableLdes(t, rounds[Round.Preprocessed][t]?.Lde, rounds[Round.Main][t]!.Lde,
                auxData[t]?.Lde, rounds[Round.Quotient][t]!.Lde))];
            DeepOverDomain.Evaluate(deep, ldes, logLde, Protocol.TraceShift, zeta, BabyBear.TwoAdicGenerator(sameHeight.Key), dst, accumulate: false);
            reduced[logLde] = dst;
        }

        timer.Mark("deep quotient");
        var fri = FriProver.Prove(ch, p, logMax, reduced, buffers);
        timer.Mark("fri commit + grinding");
        var positions = new int[p.NumQueries];
        for (var q = 0; q < positions.Length; q++)
        {
            positions[q] = ch.SampleBits(logMax);
        }

        var inputOpenings = RoundLayout.Present(machine).Select(rd =>
        {
            var shift = logMax - trees[rd].Depth;
            return trees[rd].OpenBatch([.. positions.Select(r => r >> shift)]);
        }).ToArray();
        var friOpenings = fri.Open(logMax, positions);
        timer.Mark("queries");
        return new StarkProof
        {
            Parameters = p,
            LogHeights = logH,
            MainRoot = trees[Round.Main].Root,
            AuxRoot = trees.TryGetValue(Round.Aux, out var auxTree) ? auxTree.Root : null,
            QuotientRoot = trees[Round.Quotient].Root,
            CumulativeSums = cumulativeSums,
            Openings = openings,
            FriRoots = fri.Roots,
            FinalPolynomial = fri.FinalPolynomial,
            PowWitness = fri.PowWitness,
            LookupPowWitness = lookupPow,
            DeepPowWitness = deepPow,
            BatchingPowWitness = batchingPow,
            InputOpenings = inputOpenings,
            FriOpenings = friOpenings,
        };
    }
}
