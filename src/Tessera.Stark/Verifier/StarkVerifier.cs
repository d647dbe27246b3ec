using System.Runtime.CompilerServices;

using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Challenger;
using Tessera.Hash.Merkle;
using Tessera.Poly;
using Tessera.Stark.Air;
using Tessera.Stark.Fri;
using Tessera.Stark.Lookup;
using Tessera.Stark.Pcs;
using Tessera.Stark.Proofs;

namespace Tessera.Stark.Verifier;

/// <summary>
/// Checks <see cref="StarkProof"/>s for one machine under one parameter set, fixed when the
/// verifier is made: a proof naming any other parameters is refused before any work, and the
/// preprocessed commitment is the one derived locally at the verifier's own blowup.
/// </summary>
/// <remarks>
/// A node makes one verifier per machine and checks every peer's proof with it. The static
/// overloads make one for a single call (the key is cached per machine and parameter set).
/// </remarks>
public sealed class StarkVerifier
{
    /// <summary>A verifier accepting exactly <paramref name="parameters"/>, its key derived from the machine.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The parameters are out of range.</exception>
    public StarkVerifier(Machine machine, ProofParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(parameters);
        Machine = machine;
        Key = VerifyingKey.For(machine, parameters);
    }

    /// <summary>
    /// A verifier for a key received or read from configuration: it accepts exactly the key's
    /// parameters, and the key must equal the one derived from <paramref name="machine"/> (same
    /// fingerprint, the same preprocessed commitment): a key that commits to other fixed tables is refused.
    /// </summary>
    /// <exception cref="VerificationFailedException">The key is not this machine's.</exception>
    public StarkVerifier(Machine machine, VerifyingKey key)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(key);
        Require(key.MachineFingerprint == machine.Fingerprint, "the verifying key is for another machine");
        var local = VerifyingKey.For(machine, key.Parameters);
        Require(key.PreprocessedRoot == local.PreprocessedRoot,
            "the verifying key's preprocessed commitment is not the machine's: it commits to other fixed tables");
        Machine = machine;
        Key = local;
    }

    /// <summary>The machine proofs must be for.</summary>
    public Machine Machine { get; }

    /// <summary>The key: fingerprint, accepted parameters, preprocessed commitment.</summary>
    public VerifyingKey Key { get; }

    /// <summary>The only parameter set accepted.</summary>
    public ProofParameters Parameters => Key.Parameters;

    /// <summary>Verifies a proof made with <paramref name="accepted"/> (<see cref="ProofParameters.Default"/> when null), or throws saying why not.</summary>
    /// <param name="machine">The tables the proof must be for.</param>
    /// <param name="publics">Each table's public values, in table order.</param>
    /// <param name="proof">The proof.</param>
    /// <param name="accepted">The one parameter set accepted; a proof naming another is refused before any work.</param>
    /// <exception cref="VerificationFailedException">The proof does not verify; the reason says why.</exception>
    public static void Verify(Machine machine, IReadOnlyList<BabyBear[]> publics, StarkProof proof, ProofParameters? accepted = null) =>
        new StarkVerifier(machine, accepted ?? ProofParameters.Default).Verify(publics, proof);

    /// <summary>Verifies the proof against a key (see <see cref="StarkVerifier(Machine, VerifyingKey)"/>), or throws saying why not.</summary>
    /// <exception cref="VerificationFailedException">The proof does not verify, or the key is not this machine's; the reason says why.</exception>
    public static void Verify(Machine machine, VerifyingKey key, IReadOnlyList<BabyBear[]> publics, StarkProof proof) =>
        new StarkVerifier(machine, key).Verify(publics, proof);

    /// <summary>Decodes proof bytes, refusing any other parameters than <see cref="Parameters"/> right after the header.</summary>
    /// <exception cref="VerificationFailedException">The bytes are not one canonical proof for this machine and parameters.</exception>
    public StarkProof Decode(ReadOnlySpan<byte> bytes) => ProofCodec.Decode(Machine, Parameters, bytes);

    /// <summary>Verifies the proof, or throws saying why not.</summary>
    /// <param name="publics">Each table's public values, in table order.</param>
    /// <param name="proof">The proof.</param>
    /// <exception cref="VerificationFailedException">The proof does not verify; the reason says why.</exception>
    public void Verify(IReadOnlyList<BabyBear[]> publics, StarkProof proof)
    {
        ArgumentNullException.ThrowIfNull(publics);
        ArgumentNullException.ThrowIfNull(proof);
        Require(proof.Parameters == Parameters, $"the proof's parameters {proof.Parameters} are not the verifier's {Parameters}");
        try
        {
            Run(Machine, Key, publics, proof);
        }
        catch (Exception e) when (e is ArgumentException or MerkleVerificationException or DivideByZeroException or InvalidOperationException)
        {
            // Shapes are checked up front; this only turns a malformed value the checks missed into a rejection.
            throw new VerificationFailedException($"Malformed proof: {e.Message}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(Machine machine, VerifyingKey key, IReadOnlyList<BabyBear[]> publics, StarkProof proof)
    {
        var p = key.Parameters;

        var tables = machine.Tables;
        var count = tables.Count;
        var logH = proof.LogHeights;
        var b = p.LogBlowup;
        Require(logH.Length == count, "wrong number of tables");
        Require(publics.Count == count, "wrong number of public-value lists");
        for (var t = 0; t < count; t++)
        {
            Require(logH[t] >= p.LogFinalPolyLength && logH[t] <= Protocol.MaxLogHeight, $"table {t} height out of range");
            Require(tables[t].LogQuotientFactor <= b, $"table {t} needs a larger blowup");
            Require(publics[t].Length == tables[t].Air.PublicValueCount, $"table {t} has the wrong number of public values");
            if (tables[t].Air.PreprocessedWidth > 0)
            {
                Require(tables[t].Air.Preprocessed()!.Height == 1 << logH[t], $"table {t} height differs from its preprocessed columns");
            }
        }

        var logMax = logH.Max() + b;
        var rounds = RoundLayout.Present(machine);
        var schedule = Protocol.FoldSchedule(p, logMax, logH.Select(h => h + b));
        var foldRounds = schedule.Length;
        CheckShapes(machine, proof, rounds, foldRounds);

        var ch = new DuplexChallenger();
        Protocol.ObserveHeader(ch, machine, p, logH, publics);
        var roots = new Dictionary<Round, Digest>();
        if (key.PreprocessedRoot is { } preRoot)
        {
            roots[Round.Preprocessed] = preRoot;
            ch.Observe(preRoot);
        }

        roots[Round.Main] = proof.MainRoot;
        ch.Observe(proof.MainRoot);
        Require(ch.CheckWitness(p.LookupProofOfWorkBits, proof.LookupPowWitness), "LogUp proof-of-work witness is invalid");
        var challenges = Protocol.LogUpChallenges(ch, machine);
        if (proof.AuxRoot is { } auxRoot)
        {
            roots[Round.Aux] = auxRoot;
            ch.Observe(auxRoot);
        }

        foreach (var s in proof.CumulativeSums)
        {
            ch.Observe(s);
        }

        var gamma = ch.SampleExtension();
        roots[Round.Quotient] = proof.QuotientRoot;
        ch.Observe(proof.QuotientRoot);
        Require(ch.CheckWitness(p.DeepProofOfWorkBits, proof.DeepPowWitness), "out-of-domain proof-of-work witness is invalid");
        var zeta = ch.SampleExtension();

        var sums = new BabyBear4[count];
        var s2 = 0;
        for (var t = 0; t < count; t++)
        {
            if (tables[t].AuxWidth > 0)
            {
                sums[t] = proof.CumulativeSums[s2++];
            }
        }

        Require(proof.CumulativeSums.Aggregate(BabyBear4.Zero, (a, x) => a + x).IsZero, "the LogUp sums of the tables do not cancel: a bus is unbalanced");
        for (var t = 0; t < count; t++)
        {
            CheckConstraintsAtZeta(tables[t], logH[t], proof.Openings[t], publics[t], challenges, sums[t], gamma, zeta);
        }

        Transcript.ObserveOpenings(ch, proof.Openings);
        Require(ch.CheckWitness(p.BatchingProofOfWorkBits, proof.BatchingPowWitness), "batching proof-of-work witness is invalid");
        var alpha = ch.SampleExtension();
        var deep = new DeepQuotient(machine, proof.Openings, alpha);
        var fri = FriVerifier.ReadCommitPhase(ch, p, logMax, schedule, proof.FriRoots, proof.FinalPolynomial, proof.PowWitness, proof.FriOpenings);

        var positions = new int[p.NumQueries];
        for (var q = 0; q < positions.Length; q++)
        {
            positions[q] = ch.SampleBits(logMax);
        }

        // Every Merkle opening (each round's batch, each FRI layer's) is independent: check them all across cores.
        var checks = new List<Func<string?>>();
        for (var i = 0; i < rounds.Length; i++)
        {
            var round = rounds[i];
            var members = RoundLayout.Tables(machine, round);
            MatrixDimensions[] d = [.. members.Select(t => new MatrixDimensions(RoundLayout.Width(tables[t], round), 1 << (logH[t] + b)))];
            var depth = members.Max(t => logH[t] + b);
            var batch = proof.InputOpenings[i];
            checks.Add(() =>
            {
                var failure = MerkleVerifier.CheckBatch(roots[round], d, Shifted(positions, logMax - depth), batch);
                return failure == MerkleVerificationFailure.None ? null : $"{round} batch opening does not verify ({failure})";
            });
        }

        checks.AddRange(fri.OpeningChecks(positions));
        var opened = ParallelChecks.FirstFailure(checks);
        Require(opened is null, opened!);

        // Point each (query, table, round) at its opened row.
        var rows = new ReadOnlyMemory<BabyBear>[p.NumQueries, count, 4];
        for (var i = 0; i < rounds.Length; i++)
        {
            var round = rounds[i];
            var members = RoundLayout.Tables(machine, round);
            var batch = proof.InputOpenings[i];
            for (var m = 0; m < members.Length; m++)
            {
                var shift = logMax - (logH[members[m]] + b);
                var nodes = SortedDistinct(Shifted(positions, shift));
                for (var q = 0; q < positions.Length; q++)
                {
                    rows[q, members[m], (int)round] = batch.RowMemory(m, Array.BinarySearch(nodes, positions[q] >> shift));
                }
            }
        }

        // Each query's reduced DEEP quotient per input size, the queries across cores.
        var reduced = new Dictionary<int, BabyBear4>[p.NumQueries];
        var gLde = new BabyBear[count];
        var gTrace = new BabyBear[count];
        for (var t = 0; t < count; t++)
        {
            gLde[t] = BabyBear.TwoAdicGenerator(logH[t] + b);
            gTrace[t] = BabyBear.TwoAdicGenerator(logH[t]);
        }

        ParallelChecks.Run(positions.Length, q =>
        {
            var r = positions[q];
            var sums = new Dictionary<int, BabyBear4>();
            for (var t = 0; t < count; t++)
            {
                var logLde = logH[t] + b;
                var pos = r >> (logMax - logLde);
                var x = Protocol.TraceShift * gLde[t].Pow((ulong)BitReversal.Reverse(pos, logLde));
                var invLocal = (zeta - x).Inverse();
                var invNext = ((zeta * gTrace[t]) - x).Inverse();
                var f = deep.Evaluate(t, rows[q, t, 0].Span, rows[q, t, 1].Span, rows[q, t, 2].Span, rows[q, t, 3].Span, invLocal, invNext);
                sums[logLde] = sums.TryGetValue(logLde, out var acc) ? acc + f : f;
            }

            reduced[q] = sums;
        });

        fri.CheckQueries(positions, reduced);
    }

    private static int[] Shifted(int[] positions, int shift) => [.. positions.Select(r => r >> shift)];

    private static int[] SortedDistinct(int[] values) => [.. values.Distinct().Order()];

    private static void CheckConstraintsAtZeta(CompiledAir table, int logH, TableOpenings o, BabyBear[] publics,
        BabyBear4[] challenges, BabyBear4 sum, BabyBear4 gamma, BabyBear4 zeta)
    {
        var (first, last, transition, zh) = Protocol.Selectors(zeta, logH);
        Require(!zh.IsZero, "out-of-domain point lies in the trace domain");
        var leaves = new ExtLeaves
        {
            MainLocal = o.MainLocal,
            MainNext = o.MainNext,
            PreprocessedLocal = o.PreprocessedLocal,
            PreprocessedNext = o.PreprocessedNext,
            AuxLocal = Recombine(o.AuxLocal),
            AuxNext = Recombine(o.AuxNext),
            Publics = publics,
            Challenges = challenges,
            SumShare = LogUp.SumShare(sum, logH),
            IsFirstRow = first,
            IsLastRow = last,
            IsTransition = transition,
        };
        var program = table.Program;
        var values = new BabyBear4[program.Roots.Length];
        program.EvalExt(leaves, new BabyBear4[program.Nodes.Length], values);
        var folded = BabyBear4.Zero;
        var w = BabyBear4.One;
        foreach (var v in values)
        {
            folded += w * v;
            w *= gamma;
        }

        var chunks = Recombine(o.Quotient);
        var zetaN = zeta.Pow(1UL << logH);
        var q = BabyBear4.Zero;
        var zp = BabyBear4.One;
        foreach (var c in chunks)
        {
            q += zp * c;
            zp *= zetaN;
        }

        Require(folded == zh * q, $"table '{table.Name}': constraints do not match the quotient at ζ");
    }

    private static BabyBear4[] Recombine(BabyBear4[] planes)
    {
        var r = new BabyBear4[planes.Length / 4];
        for (var j = 0; j < r.Length; j++)
        {
            r[j] = Protocol.Recombine(planes.AsSpan(4 * j, 4));
        }

        return r;
    }

    private static void CheckShapes(Machine machine, StarkProof proof, Round[] rounds, int foldRounds)
    {
        var tables = machine.Tables;
        var p = proof.Parameters;
        Require(proof.Openings.Length == tables.Count, "wrong number of table openings");
        for (var t = 0; t < tables.Count; t++)
        {
            var o = proof.Openings[t];
            var tb = tables[t];
            Require(o.PreprocessedLocal.Length == tb.Air.PreprocessedWidth && o.PreprocessedNext.Length == tb.Air.PreprocessedWidth
                && o.MainLocal.Length == tb.Air.Width && o.MainNext.Length == tb.Air.Width
                && o.AuxLocal.Length == 4 * tb.AuxWidth && o.AuxNext.Length == 4 * tb.AuxWidth
                && o.Quotient.Length == 4 * tb.QuotientChunks, $"table {t}: wrong number of opened values");
        }

        var withAux = tables.Count(t => t.AuxWidth > 0);
        Require(proof.CumulativeSums.Length == withAux, "wrong number of cumulative sums");
        Require(proof.AuxRoot.HasValue == (withAux > 0), "aux commitment present iff a table has buses");
        Require(foldRounds >= 0 && proof.FriRoots.Length == foldRounds, "wrong number of FRI layers");
        Require(proof.FinalPolynomial.Length == 1 << p.LogFinalPolyLength, "wrong final polynomial length");
        Require(proof.InputOpenings.Length == rounds.Length && proof.FriOpenings.Length == foldRounds, "wrong number of batch openings");
    }

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new VerificationFailedException(reason);
        }
    }
}
