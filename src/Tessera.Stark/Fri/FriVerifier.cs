using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Challenger;
using Tessera.Hash.Merkle;
using Tessera.Poly;
using Tessera.Stark.Proofs;
using Tessera.Stark.Verifier;

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
    /// Each FRI layer's batch opening at the queries' cosets, as independent checks (null when it
    /// verifies, else the reason) for the caller to run beside the input rounds' openings.
    /// </summary>
    public Func<string?>[] OpeningChecks(int[] positions)
    {
        var checks = new Func<string?>[_schedule.Length];
        var logSize = _logMax;
        for (var k = 0; k < _schedule.Length; k++)
        {
            var layer = k;
            var logCosets = logSize - _schedule[k];
            checks[k] = () =>
            {
                var failure = MerkleVerifier.CheckBatch(_roots[layer], [new MatrixDimensions(4 << _schedule[layer], 1 << logCosets)],
                    Shifted(positions, _logMax - logCosets), _openings[layer]);
                return failure == MerkleVerificationFailure.None ? null : $"FRI layer {layer} batch opening does not verify ({failure})";
            };
            logSize = logCosets;
        }

        return checks;
    }

    /// <summary>
    /// Checks every query's folds, each query on its own core: the layers' batch openings must have
    /// been checked (<see cref="OpeningChecks"/>). <paramref name="positions"/>: bit-reversed indices
    /// into the largest domain; <paramref name="reduced"/>[q]: per log LDE size, the query's reduced
    /// DEEP quotient (the sum over that size's tables), the largest size's included.
    /// </summary>
    /// <exception cref="VerificationFailedException">A fold does not check; the reason names the lowest failing query.</exception>
    public void CheckQueries(int[] positions, IReadOnlyList<IReadOnlyDictionary<int, BabyBear4>> reduced)
    {
        var layers = new Layer[_schedule.Length];
        var logSize = _logMax;
        for (var k = 0; k < layers.Length; k++)
        {
            var s = _schedule[k];
            var logCosets = logSize - s;
            var omegaInv = new BabyBear[s];
            for (var i = 0; i < s; i++)
            {
                omegaInv[i] = BabyBear.TwoAdicGenerator(s - i).Inverse();
            }

            layers[k] = new Layer(s, logSize, logCosets, [.. positions.Select(r => r >> (_logMax - logCosets)).Distinct().Order()],
                Protocol.LayerShift(_logMax, logSize), BabyBear.TwoAdicGenerator(logSize), omegaInv);
            logSize = logCosets;
        }

        var finalShift = Protocol.LayerShift(_logMax, logSize);
        var finalOmega = BabyBear.TwoAdicGenerator(logSize);
        var failure = ParallelChecks.FirstFailure(positions.Length, q =>
            CheckQuery(q, positions[q], reduced[q], layers, logSize, finalShift, finalOmega));
        Require(failure is null, failure!);
    }

    private string? CheckQuery(int q, int position, IReadOnlyDictionary<int, BabyBear4> reduced, Layer[] layers, int logFinal,
        BabyBear finalShift, BabyBear finalOmega)
    {
        var cur = reduced[_logMax];
        Span<BabyBear4> values = stackalloc BabyBear4[16]; // arity ≤ 2^4 (ProofParameters.LogFoldingArity)
        for (var k = 0; k < layers.Length; k++)
        {
            var layer = layers[k];
            var s = layer.LogArity;
            var arity = 1 << s;
            var coset = position >> (_logMax - layer.LogCosets);
            var row = _openings[k].Row(0, Array.BinarySearch(layer.Cosets, coset));
            for (var e = 0; e < arity; e++)
            {
                values[e] = new BabyBear4(row[4 * e], row[(4 * e) + 1], row[(4 * e) + 2], row[(4 * e) + 3]);
            }

            var within = (position >> (_logMax - layer.LogSize)) & (arity - 1);
            if (values[within] != cur)
            {
                return $"query {q}: FRI layer {k} does not hold the value folded into it";
            }

            // The coset is x_c·⟨ω_arity⟩ in bit-reversed order, x_c = shift·ω^rev(c); fold it s times by two.
            var xcInv = (layer.Shift * layer.Omega.Pow((ulong)BitReversal.Reverse(coset, layer.LogCosets))).Inverse();
            var beta = _betas[k];
            for (var i = 0; i < s; i++)
            {
                var half = arity >> (i + 1);
                for (var j = 0; j < half; j++)
                {
                    var xInv = half == 1 ? xcInv : xcInv * layer.OmegaInv[i].Pow((ulong)BitReversal.Reverse(j, s - i - 1));
                    values[j] = FriFold.Fold(values[2 * j], values[(2 * j) + 1], beta, xInv);
                }

                xcInv *= xcInv;
                beta *= beta;
            }

            cur = values[0];
            if (reduced.TryGetValue(layer.LogCosets, out var inject))
            {
                cur += beta * inject;
            }
        }

        var finalPos = position >> (_logMax - logFinal);
        var fx = finalShift * finalOmega.Pow((ulong)BitReversal.Reverse(finalPos, logFinal));
        return cur == FriFold.EvaluatePolynomial(_finalPolynomial, fx) ? null : $"query {q}: FRI final polynomial mismatch";
    }

    /// <summary>One fold layer's constants, shared by every query.</summary>
    private sealed record Layer(int LogArity, int LogSize, int LogCosets, int[] Cosets, BabyBear Shift, BabyBear Omega, BabyBear[] OmegaInv);

    private static int[] Shifted(int[] positions, int shift) => [.. positions.Select(r => r >> shift)];

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new VerificationFailedException(reason);
        }
    }
}
