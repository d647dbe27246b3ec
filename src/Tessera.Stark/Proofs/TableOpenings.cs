using Tessera.Field;

namespace Tessera.Stark.Proofs;

/// <summary>
/// One table's claimed values at the out-of-domain point ζ (and ζ·g for "next"). Aux and
/// quotient values are per base plane: an extension column is four base polynomials.
/// </summary>
internal sealed class TableOpenings
{
    public required BabyBear4[] PreprocessedLocal { get; init; }

    public required BabyBear4[] PreprocessedNext { get; init; }

    public required BabyBear4[] MainLocal { get; init; }

    public required BabyBear4[] MainNext { get; init; }

    public required BabyBear4[] AuxLocal { get; init; }

    public required BabyBear4[] AuxNext { get; init; }

    public required BabyBear4[] Quotient { get; init; }
}
