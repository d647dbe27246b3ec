using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>The row-invariant values the packed constraint evaluator reads: the same for every window of a table.</summary>
internal sealed class QuotientInputs
{
    public BabyBear[] Publics { get; init; } = [];

    public BabyBear4[] Challenges { get; init; } = [];

    public BabyBear4 SumShare { get; init; }

    /// <summary>The folding weight of each constraint, in constraint order.</summary>
    public required BabyBear4[] ConstraintWeights { get; init; }
}
