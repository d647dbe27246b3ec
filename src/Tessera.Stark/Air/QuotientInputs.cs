using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>
/// A table's columns evaluated on its quotient domain (a coset of size N = n·2^q), column-major,
/// and the row-invariant values, as the packed constraint evaluator reads them.
/// </summary>
internal sealed class QuotientInputs
{
    /// <summary>Quotient-domain size N.</summary>
    public required int Rows { get; init; }

    /// <summary>Rows between x and g·x on the quotient domain: N / n.</summary>
    public required int NextShift { get; init; }

    /// <summary>Main columns, column c at [c·N, (c+1)·N).</summary>
    public required BabyBear[] Main { get; init; }

    /// <summary>Preprocessed columns, same layout.</summary>
    public BabyBear[] Preprocessed { get; init; } = [];

    /// <summary>Aux columns as base planes: coefficient k of ext column j is plane 4j + k.</summary>
    public BabyBear[] Aux { get; init; } = [];

    public required BabyBear[] IsFirstRow { get; init; }

    public required BabyBear[] IsLastRow { get; init; }

    public required BabyBear[] IsTransition { get; init; }

    public BabyBear[] Publics { get; init; } = [];

    public BabyBear4[] Challenges { get; init; } = [];

    public BabyBear4 CumulativeSum { get; init; }

    /// <summary>The folding weight of each constraint, in constraint order.</summary>
    public required BabyBear4[] ConstraintWeights { get; init; }
}
