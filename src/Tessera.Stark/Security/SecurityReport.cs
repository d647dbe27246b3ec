using Tessera.Field;
using Tessera.Stark.Fri;

namespace Tessera.Stark.Security;

/// <summary>
/// The soundness of a parameter set, in bits: the conjectured figure the industry quotes
/// (ethSTARK, eprint 2021/582) and two proven bounds for FRI (unique decoding and the Johnson
/// bound, after Haböck's summary, eprint 2022/1216), all capped by the hash.
/// </summary>
/// <remarks>
/// Proven figures count only FRI's errors (commit phase and query phase) and the out-of-domain
/// sampling term |D|/|F|; they depend on the largest LDE domain |D| = 2^(logHeight + logBlowup).
/// </remarks>
public sealed record SecurityReport
{
    /// <summary>log2 |BabyBear⁴| ≈ 123.6.</summary>
    public static double ExtensionFieldBits { get; } = 4 * Math.Log2(BabyBear.Modulus);

    /// <summary>
    /// Collision resistance of an 8-element Poseidon2 digest (birthday bound on 8·log2 p bits, the
    /// same as the sponge's capacity bound): ≈ 123.6 bits.
    /// </summary>
    public static double HashBits { get; } = 8 * Math.Log2(BabyBear.Modulus) / 2;

    /// <summary>The parameters.</summary>
    public required FriParameters Parameters { get; init; }

    /// <summary>log2 of the largest LDE domain the bound assumed.</summary>
    public required int LogLdeSize { get; init; }

    /// <summary>min(log_blowup·queries + pow_bits, ⌊log2|F⁴|⌋) − 1, at most ⌊hash bits⌋.</summary>
    public required int ConjecturedBits { get; init; }

    /// <summary>Proven bits with FRI in the unique-decoding regime (δ = (1 − ρ)/2).</summary>
    public required double ProvenUniqueDecodingBits { get; init; }

    /// <summary>Proven bits with FRI up to the Johnson bound (δ = 1 − √ρ − η, best multiplicity m).</summary>
    public required double ProvenJohnsonBits { get; init; }

    /// <summary>Computes the report for <paramref name="parameters"/> and traces of up to 2^<paramref name="logMaxHeight"/> rows.</summary>
    public static SecurityReport For(FriParameters parameters, int logMaxHeight)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(logMaxHeight);
        var logD = logMaxHeight + parameters.LogBlowup;
        return new SecurityReport
        {
            Parameters = parameters,
            LogLdeSize = logD,
            ConjecturedBits = Conjectured(parameters),
            ProvenUniqueDecodingBits = UniqueDecoding(parameters, logD),
            ProvenJohnsonBits = Johnson(parameters, logD),
        };
    }

    /// <summary>The ethSTARK conjectured bits, independent of the trace size.</summary>
    public static int Conjectured(FriParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var query = (p.LogBlowup * p.NumQueries) + p.ProofOfWorkBits;
        var capped = Math.Min(query, (int)Math.Floor(ExtensionFieldBits)) - 1;
        return Math.Min(capped, (int)Math.Floor(HashBits));
    }

    /// <summary>Bits one query contributes under unique decoding: −log2((1 + ρ)/2).</summary>
    public static double UniqueDecodingBitsPerQuery(int logBlowup) => -Math.Log2((1 + Math.Pow(2, -logBlowup)) / 2);

    /// <summary>
    /// An upper bound on Σ arities over FRI's layers, whatever schedule the tables' sizes force: the
    /// layers' log arities s_i ≤ k sum to R = logD − log_blowup − log_final, and 2^s/s grows with s,
    /// so Σ 2^(s_i) ≤ R·2^k/k (at least 1, for the out-of-domain-only case R = 0).
    /// </summary>
    public static double SumOfArities(FriParameters p, int logLdeSize)
    {
        ArgumentNullException.ThrowIfNull(p);
        var r = Math.Max(1, logLdeSize - p.LogBlowup - p.LogFinalPolyLength);
        return r * (double)(1 << p.LogFoldingArity) / p.LogFoldingArity;
    }

    private static double UniqueDecoding(FriParameters p, int logD)
    {
        // Commit phase: each of the r folding rounds fails with probability ≤ |D|/|F| (BKS18),
        // and out-of-domain sampling adds another |D|/|F|.
        var commit = Math.Pow(2, logD - ExtensionFieldBits) * (SumOfArities(p, logD) + 1);
        var query = Math.Pow(2, -((UniqueDecodingBitsPerQuery(p.LogBlowup) * p.NumQueries) + p.ProofOfWorkBits));
        return Math.Min(-Math.Log2(commit + query), HashBits);
    }

    private static double Johnson(FriParameters p, int logD)
    {
        // Haböck 2022/1216, Thm. (FRI soundness up to the Johnson bound), with proximity slack
        // η = √ρ/(2m): ε_C = (m+½)^7/(3ρ^{3/2})·|D|²/|F| + (2m+1)(|D|+1)/√ρ·(Σ arities)/|F|,
        // ε_Q = (√ρ(1 + 1/(2m)))^s·2^−pow. The best m is searched.
        var rho = Math.Pow(2, -p.LogBlowup);
        var d = Math.Pow(2, logD);
        var f = Math.Pow(2, ExtensionFieldBits);
        var arities = SumOfArities(p, logD);
        var best = 0.0;
        for (var m = 3; m <= 256; m++)
        {
            var commit = (Math.Pow(m + 0.5, 7) / (3 * Math.Pow(rho, 1.5)) * d * d / f)
                + ((2 * m) + 1) * (d + 1) / Math.Sqrt(rho) * arities / f;
            var perQuery = Math.Sqrt(rho) * (1 + (1.0 / (2 * m)));
            var query = Math.Pow(perQuery, p.NumQueries) * Math.Pow(2, -p.ProofOfWorkBits);
            var ood = d / f;
            best = Math.Max(best, -Math.Log2(commit + query + ood));
        }

        return Math.Min(best, HashBits);
    }
}
