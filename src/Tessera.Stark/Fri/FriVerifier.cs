using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Challenger;
using Tessera.Hash.Merkle;
using Tessera.Poly;
using Tessera.Stark.Proofs;

namespace Tessera.Stark.Fri;

/// <summary>
/// The verifier's side of <see cref="FriProver"/>: replays the commit phase (each layer's root,
/// then its folding challenge β; the final polynomial; the proof of work), then checks every query:
/// each layer's coset opens against its root and holds the value folded into it, folding the coset
/// (s times by two with β, β², …) and adding β^(2^s)·(the next size's reduced quotient) gives the
/// next layer's value, and the last value is the final polynomial's at the query's point.
/// </summary>
internal sealed class FriVerifier
{
    private readonly int _logMax;
    private readonly int[] _schedule;
    private readonly Digest[] _roots;
    private readonly BabyBear4[] _betas;
    private readonly BabyBear4[] _finalPolynomial;
    private readonly MerkleBatchOpening[] _openings;

    private FriVerifier(int logMax, int[] schedule, Digest[] roots, BabyBear4[] betas, BabyBear4[] finalPolynomial,
        MerkleBatchOpening[] openings)
    {
        _logMax = logMax;
        _schedule = schedule;
        _roots = roots;
        _betas = betas;
        _finalPolynomial = finalPolynomial;
        _openings = openings;
    }

    /// <summary>
    /// Replays the commit phase on <paramref name="ch"/> exactly as <see cref="FriProver.Prove"/> ran it
    /// and checks the query-phase proof of work. Shapes (one root and one batch per layer of
    /// <paramref name="schedule"/>, 2^log_final coefficients) are the caller's to have checked.
    /// </summary>
    /// <exception cref="VerificationFailedException">The proof-of-work witness is invalid.</exception>
    public static FriVerifier ReadCommitPhase(DuplexChallenger ch, ProofParameters p, int logMax, int[] schedule,
        Digest[] roots, BabyBear4[] finalPolynomial, BabyBear powWitness, MerkleBatchOpening[] openings)
    {
        var betas = new BabyBear4[schedule.Length];
        for (var k = 0; k < schedule.Length; k++)
        {
            ch.Observe(roots[k]);
            betas[k] = ch.SampleExtension();
        }

        foreach (var c in finalPolynomial)
        {
            ch.Observe(c);
        }

        Require(ch.CheckWitness(p.ProofOfWorkBits, powWitness), "proof-of-work witness is invalid");
        return new FriVerifier(logMax, schedule, roots, betas, finalPolynomial, openings);
    }

    /// <summary>
    /// Checks every query. <paramref name="positions"/>: bit-reversed indices into the largest
    /// domain; <paramref name="reduced"/>[q]: per log LDE size, the query's reduced DEEP quotient
    /// (the sum over that size's tables), the largest size's included.
    /// </summary>
    /// <exception cref="VerificationFailedException">An opening or a fold does not check; the reason says which.</exception>
    public void CheckQueries(int[] positions, IReadOnlyList<IReadOnlyDictionary<int, BabyBear4>> reduced)
    {
        var cur = new BabyBear4[positions.Length];
        for (var q = 0; q < cur.Length; q++)
        {
            cur[q] = reduced[q][_logMax];
        }

        var logSize = _logMax;
        for (var k = 0; k < _schedule.Length; k++)
        {
            var s = _schedule[k];
            var arity = 1 << s;
            var logCosets = logSize - s;
            var cosets = Shifted(positions, _logMax - logCosets);
            var batch = _openings[k];
            var failure = MerkleVerifier.CheckBatch(_roots[k], [new MatrixDimensions(4 * arity, 1 << logCosets)], cosets, batch);
            Require(failure == MerkleVerificationFailure.None, $"FRI layer {k} batch opening does not verify ({failure})");
            var distinct = cosets.Distinct().Order().ToArray();
            var shiftL = Protocol.LayerShift(_logMax, logSize);
            var omegaL = BabyBear.TwoAdicGenerator(logSize);
            var values = new BabyBear4[arity];
            for (var q = 0; q < cur.Length; q++)
            {
                var row = batch.Row(0, Array.BinarySearch(distinct, cosets[q]));
                for (var e = 0; e < arity; e++)
                {
                    values[e] = new BabyBear4(row[4 * e], row[(4 * e) + 1], row[(4 * e) + 2], row[(4 * e) + 3]);
                }

                var within = (positions[q] >> (_logMax - logSize)) & (arity - 1);
                Require(values[within] == cur[q], $"query {q}: FRI layer {k} does not hold the value folded into it");

                // The coset is x_c·⟨ω_arity⟩ in bit-reversed order, x_c = shift·ω^rev(c); fold it s times by two.
                var xcInv = (shiftL * omegaL.Pow((ulong)BitReversal.Reverse(cosets[q], logCosets))).Inverse();
                var beta = _betas[k];
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
            var finalPos = positions[q] >> (_logMax - logSize);
            var fx = Protocol.LayerShift(_logMax, logSize) * BabyBear.TwoAdicGenerator(logSize).Pow((ulong)BitReversal.Reverse(finalPos, logSize));
            Require(cur[q] == FriFold.EvaluatePolynomial(_finalPolynomial, fx), $"query {q}: FRI final polynomial mismatch");
        }
    }

    private static int[] Shifted(int[] positions, int shift) => [.. positions.Select(r => r >> shift)];

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new VerificationFailedException(reason);
        }
    }
}
