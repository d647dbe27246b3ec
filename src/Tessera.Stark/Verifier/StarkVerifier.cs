using System.Runtime.CompilerServices;

using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Challenger;
using Tessera.Hash.Merkle;
using Tessera.Poly;
using Tessera.Stark.Air;
using Tessera.Stark.Fri;
using Tessera.Stark.Pcs;
using Tessera.Stark.Proofs;
using Tessera.Stark.Security;

namespace Tessera.Stark.Verifier;

/// <summary>Checks a <see cref="StarkProof"/> against a machine and the tables' public values.</summary>
public static class StarkVerifier
{
    /// <summary>The weakest parameters accepted by default: 100 conjectured bits.</summary>
    public const int DefaultMinimumConjecturedBits = 100;

    /// <summary>Verifies the proof with the machine's key at the proof's own blowup, or throws saying why not.</summary>
    /// <remarks>
    /// The key is built (once per machine and blowup) at whatever blowup the proof names. A node
    /// checking proofs from untrusted peers should fix the key instead:
    /// <see cref="Verify(Machine, VerifyingKey, IReadOnlyList{BabyBear[]}, StarkProof, int)"/>.
    /// </remarks>
    /// <param name="machine">The tables the proof must be for.</param>
    /// <param name="publics">Each table's public values, in table order.</param>
    /// <param name="proof">The proof.</param>
    /// <param name="minimumConjecturedBits">Proofs made with parameters below this many conjectured bits are refused.</param>
    /// <exception cref="VerificationFailedException">The proof does not verify; the reason says why.</exception>
    public static void Verify(Machine machine, IReadOnlyList<BabyBear[]> publics, StarkProof proof,
        int minimumConjecturedBits = DefaultMinimumConjecturedBits)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(proof);
        VerifyingKey key;
        try
        {
            key = VerifyingKey.For(machine, proof.Parameters.LogBlowup);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new VerificationFailedException($"Invalid parameters: {e.Message}");
        }

        Verify(machine, key, publics, proof, minimumConjecturedBits);
    }

    /// <summary>Verifies the proof against a fixed verifying key, or throws saying why not.</summary>
    /// <param name="machine">The tables the proof must be for.</param>
    /// <param name="key">The machine's key; a proof at another blowup is refused before any work.</param>
    /// <param name="publics">Each table's public values, in table order.</param>
    /// <param name="proof">The proof.</param>
    /// <param name="minimumConjecturedBits">Proofs made with parameters below this many conjectured bits are refused.</param>
    /// <exception cref="VerificationFailedException">The proof does not verify, or the key is not this machine's; the reason says why.</exception>
    public static void Verify(Machine machine, VerifyingKey key, IReadOnlyList<BabyBear[]> publics, StarkProof proof,
        int minimumConjecturedBits = DefaultMinimumConjecturedBits)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(publics);
        ArgumentNullException.ThrowIfNull(proof);
        Require(key.MachineFingerprint == machine.Fingerprint, "the verifying key is for another machine");
        Require(key.PreprocessedRoot.HasValue == machine.Tables.Any(t => t.Air.PreprocessedWidth > 0),
            "the verifying key's preprocessed commitment does not fit the machine");
        Require(proof.Parameters.LogBlowup == key.LogBlowup,
            $"the proof uses log_blowup {proof.Parameters.LogBlowup}, the verifying key {key.LogBlowup}");
        try
        {
            Run(machine, key, publics, proof, minimumConjecturedBits);
        }
        catch (Exception e) when (e is ArgumentException or MerkleVerificationException or DivideByZeroException or InvalidOperationException)
        {
            // Shapes are checked up front; this only turns a malformed value the checks missed into a rejection.
            throw new VerificationFailedException($"Malformed proof: {e.Message}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(Machine machine, VerifyingKey key, IReadOnlyList<BabyBear[]> publics, StarkProof proof, int minimumBits)
    {
        var p = proof.Parameters;
        p.Validate();
        var bits = SecurityReport.Conjectured(p);
        Require(bits >= minimumBits, $"parameters give {bits} conjectured bits, below the required {minimumBits}");

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
        var alpha = ch.SampleExtension();
        var deep = new DeepQuotient(machine, proof.Openings, alpha);
        var betas = new BabyBear4[foldRounds];
        for (var k = 0; k < foldRounds; k++)
        {
            ch.Observe(proof.FriRoots[k]);
            betas[k] = ch.SampleExtension();
        }

        foreach (var c in proof.FinalPolynomial)
        {
            ch.Observe(c);
        }

        Require(ch.CheckWitness(p.ProofOfWorkBits, proof.PowWitness), "proof-of-work witness is invalid");

        var positions = new int[p.NumQueries];
        for (var q = 0; q < positions.Length; q++)
        {
            positions[q] = ch.SampleBits(logMax);
        }

        // Every round's batch: verify, then point each (query, table) at its row.
        var rows = new BabyBear[p.NumQueries, count, 4][];
        for (var i = 0; i < rounds.Length; i++)
        {
            var round = rounds[i];
            var members = RoundLayout.Tables(machine, round);
            var dims = members.Select(t => new MatrixDimensions(RoundLayout.Width(tables[t], round), 1 << (logH[t] + b))).ToArray();
            var depth = members.Max(t => logH[t] + b);
            var batch = proof.InputOpenings[i];
            var failure = MerkleVerifier.CheckBatch(roots[round], dims, Shifted(positions, logMax - depth), batch);
            Require(failure == MerkleVerificationFailure.None, $"{round} batch opening does not verify ({failure})");
            for (var m = 0; m < members.Length; m++)
            {
                var shift = logMax - (logH[members[m]] + b);
                var nodes = SortedDistinct(Shifted(positions, shift));
                for (var q = 0; q < positions.Length; q++)
                {
                    rows[q, members[m], (int)round] = batch.Row(m, Array.BinarySearch(nodes, positions[q] >> shift)).ToArray();
                }
            }
        }

        // Each query's reduced DEEP quotient per input size.
        var reduced = new Dictionary<int, BabyBear4>[p.NumQueries];
        for (var q = 0; q < positions.Length; q++)
        {
            var r = positions[q];
            reduced[q] = [];
            for (var t = 0; t < count; t++)
            {
                var logLde = logH[t] + b;
                var pos = r >> (logMax - logLde);
                var x = Protocol.TraceShift * BabyBear.TwoAdicGenerator(logLde).Pow((ulong)BitReversal.Reverse(pos, logLde));
                var invLocal = (zeta - x).Inverse();
                var invNext = ((zeta * BabyBear.TwoAdicGenerator(logH[t])) - x).Inverse();
                var f = deep.Evaluate(t, rows[q, t, 0] ?? [], rows[q, t, 1], rows[q, t, 2] ?? [], rows[q, t, 3], invLocal, invNext);
                reduced[q][logLde] = reduced[q].TryGetValue(logLde, out var acc) ? acc + f : f;
            }
        }

        var cur = new BabyBear4[p.NumQueries];
        for (var q = 0; q < cur.Length; q++)
        {
            cur[q] = reduced[q][logMax];
        }

        var logSize = logMax;
        for (var k = 0; k < foldRounds; k++)
        {
            var s = schedule[k];
            var arity = 1 << s;
            var logCosets = logSize - s;
            var cosets = Shifted(positions, logMax - logCosets);
            var batch = proof.FriOpenings[k];
            var failure = MerkleVerifier.CheckBatch(proof.FriRoots[k], [new MatrixDimensions(4 * arity, 1 << logCosets)], cosets, batch);
            Require(failure == MerkleVerificationFailure.None, $"FRI layer {k} batch opening does not verify ({failure})");
            var distinct = SortedDistinct(cosets);
            var shiftL = Protocol.LayerShift(logMax, logSize);
            var omegaL = BabyBear.TwoAdicGenerator(logSize);
            var values = new BabyBear4[arity];
            for (var q = 0; q < cur.Length; q++)
            {
                var row = batch.Row(0, Array.BinarySearch(distinct, cosets[q]));
                for (var e = 0; e < arity; e++)
                {
                    values[e] = new BabyBear4(row[4 * e], row[(4 * e) + 1], row[(4 * e) + 2], row[(4 * e) + 3]);
                }

                var within = (positions[q] >> (logMax - logSize)) & (arity - 1);
                Require(values[within] == cur[q], $"query {q}: FRI layer {k} does not hold the value folded into it");

                // The coset is x_c·⟨ω_arity⟩ in bit-reversed order, x_c = shift·ω^rev(c); fold it s times by two.
                var xcInv = (shiftL * omegaL.Pow((ulong)BitReversal.Reverse(cosets[q], logCosets))).Inverse();
                var beta = betas[k];
                for (var i = 0; i < s; i++)
                {
                    var half = arity >> (i + 1);
                    var omegaInv = BabyBear.TwoAdicGenerator(s - i).Inverse();
                    for (var j = 0; j < half; j++)
                    {
                        var xInv = half == 1 ? xcInv : xcInv * omegaInv.Pow((ulong)BitReversal.Reverse(j, s - i - 1));
                        values[j] = FriFold.Fold(values[2 * j], values[(2 * j) + 1], beta, xInv);
                    }

                    xcInv *= xcInv;
                    beta *= beta;
                }

                cur[q] = values[0];
                if (reduced[q].TryGetValue(logCosets, out var inject))
                {
                    cur[q] += beta * inject;
                }
            }

            logSize = logCosets;
        }

        for (var q = 0; q < cur.Length; q++)
        {
            var finalPos = positions[q] >> (logMax - logSize);
            var fx = Protocol.LayerShift(logMax, logSize) * BabyBear.TwoAdicGenerator(logSize).Pow((ulong)BitReversal.Reverse(finalPos, logSize));
            Require(cur[q] == FriFold.EvaluatePolynomial(proof.FinalPolynomial, fx), $"query {q}: FRI final polynomial mismatch");
        }
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
            CumulativeSum = sum,
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
