namespace Tessera.Stark.Fri;

/// <summary>
/// Every parameter of a proof: the code rate, FRI's queries, folding and final length, and the
/// proof-of-work before each challenge that has one. They fix the proof's soundness (see
/// <see cref="Security.SecurityReport"/>) and are bound into the transcript. A verifier is
/// configured with exactly one set and refuses a proof that names any other.
/// </summary>
public sealed record ProofParameters
{
    /// <summary>log2 of the blowup (rate ρ = 2^−LogBlowup). Must be at least each table's log quotient factor.</summary>
    public int LogBlowup { get; init; } = 1;

    /// <summary>Number of FRI query repetitions.</summary>
    public int NumQueries { get; init; } = 193;

    /// <summary>Proof-of-work (grinding) bits before the query phase.</summary>
    public int ProofOfWorkBits { get; init; } = 20;

    /// <summary>Proof-of-work bits before the LogUp challenges α, β (soundcalc's <c>grinding_bits_lookup</c>).</summary>
    public int LookupProofOfWorkBits { get; init; } = 16;

    /// <summary>Proof-of-work bits before the out-of-domain point ζ (soundcalc's <c>grinding_deep</c>).</summary>
    public int DeepProofOfWorkBits { get; init; } = 8;

    /// <summary>Proof-of-work bits before the DEEP batching challenge (soundcalc's <c>grinding_batching_phase</c>).</summary>
    public int BatchingProofOfWorkBits { get; init; } = 16;

    /// <summary>
    /// log2 of the folding arity, 1 to 4 (1: fold by 2 per layer). A layer folds by less where it
    /// would step past a table's LDE size or the final layer (see <c>Protocol.FoldSchedule</c>).
    /// </summary>
    public int LogFoldingArity { get; init; } = 3;

    /// <summary>
    /// log2 of the number of coefficients of the final polynomial sent in the clear (every table
    /// has at least this many rows).
    /// </summary>
    public int LogFinalPolyLength { get; init; }

    /// <summary>
    /// ρ = 1/2, 193 queries, grinding 20 bits before the queries, 16 before the LogUp and batching
    /// challenges, 8 before ζ; folding by 8, final polynomial a constant: at least 100 proven bits
    /// under unique decoding (soundcalc's model) for the benchmark machine at every height up to
    /// 2^24, chosen by measurement (docs/PERFORMANCE.md, docs/decisions/0004-proven-security.md).
    /// </summary>
    public static ProofParameters Default { get; } = new();

    /// <summary>
    /// Fast and insecure (8 queries, 2 grinding bits, none elsewhere): for tests only. A verifier
    /// accepts it only when configured with it.
    /// </summary>
    public static ProofParameters Test { get; } = new()
    {
        NumQueries = 8,
        ProofOfWorkBits = 2,
        LookupProofOfWorkBits = 0,
        DeepProofOfWorkBits = 0,
        BatchingProofOfWorkBits = 0,
    };

    /// <summary>Throws unless every field lies in its supported range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(LogBlowup, 1, nameof(LogBlowup));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogBlowup, 8, nameof(LogBlowup));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumQueries, 1, nameof(NumQueries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NumQueries, 1024, nameof(NumQueries));
        foreach (var (bits, name) in new[]
        {
            (ProofOfWorkBits, nameof(ProofOfWorkBits)), (LookupProofOfWorkBits, nameof(LookupProofOfWorkBits)),
            (DeepProofOfWorkBits, nameof(DeepProofOfWorkBits)), (BatchingProofOfWorkBits, nameof(BatchingProofOfWorkBits)),
        })
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bits, name);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, Hash.Challenger.DuplexChallenger.MaxSampleBits, name);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(LogFoldingArity, 1, nameof(LogFoldingArity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogFoldingArity, 4, nameof(LogFoldingArity));
        ArgumentOutOfRangeException.ThrowIfNegative(LogFinalPolyLength, nameof(LogFinalPolyLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogFinalPolyLength, 10, nameof(LogFinalPolyLength));
    }
}
