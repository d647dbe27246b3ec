namespace Tessera.Stark.Fri;

/// <summary>
/// FRI and commitment parameters. They fix the proof's soundness (see <see cref="Security.SecurityReport"/>)
/// and are bound into the transcript, so a proof made with one set does not verify under another.
/// </summary>
public sealed record FriParameters
{
    /// <summary>log2 of the blowup (rate ρ = 2^−LogBlowup). Must be at least each table's log quotient factor.</summary>
    public int LogBlowup { get; init; } = 1;

    /// <summary>Number of FRI query repetitions.</summary>
    public int NumQueries { get; init; } = 85;

    /// <summary>Proof-of-work (grinding) bits required before the query phase.</summary>
    public int ProofOfWorkBits { get; init; } = 16;

    /// <summary>
    /// log2 of the folding arity, 1 to 4 (1: fold by 2 per layer). A layer folds by less where it
    /// would step past a table's LDE size or the final layer (see <c>Protocol.FoldSchedule</c>).
    /// </summary>
    public int LogFoldingArity { get; init; } = 3;

    /// <summary>log2 of the number of coefficients of the final polynomial sent in the clear.</summary>
    public int LogFinalPolyLength { get; init; }

    /// <summary>
    /// ρ = 1/2, 85 queries, 16 grinding bits (100 conjectured bits), folding by 8, final polynomial a
    /// constant: chosen by measuring <c>tessera bench stark</c> at 2^18 rows (docs/PERFORMANCE.md).
    /// Arity 8 and 16 give the smallest proofs (arity 2 is ~40% larger), the final length barely
    /// matters, and 4 more grinding bits (81 queries) would save ~2% of the proof for ~0.3 s of
    /// expected proving time on two cores.
    /// </summary>
    public static FriParameters Default { get; } = new();

    /// <summary>Throws unless every field lies in its supported range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(LogBlowup, 1, nameof(LogBlowup));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogBlowup, 8, nameof(LogBlowup));
        ArgumentOutOfRangeException.ThrowIfLessThan(NumQueries, 1, nameof(NumQueries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NumQueries, 1024, nameof(NumQueries));
        ArgumentOutOfRangeException.ThrowIfNegative(ProofOfWorkBits, nameof(ProofOfWorkBits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ProofOfWorkBits, 40, nameof(ProofOfWorkBits));
        ArgumentOutOfRangeException.ThrowIfLessThan(LogFoldingArity, 1, nameof(LogFoldingArity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogFoldingArity, 4, nameof(LogFoldingArity));
        ArgumentOutOfRangeException.ThrowIfNegative(LogFinalPolyLength, nameof(LogFinalPolyLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LogFinalPolyLength, 10, nameof(LogFinalPolyLength));
    }
}
