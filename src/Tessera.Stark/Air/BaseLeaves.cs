using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>Leaf values for a base-field evaluation of a <see cref="ConstraintProgram"/> on one row.</summary>
internal sealed class BaseLeaves
{
    public BabyBear[] MainLocal { get; set; } = [];

    public BabyBear[] MainNext { get; set; } = [];

    public BabyBear[] PreprocessedLocal { get; set; } = [];

    public BabyBear[] PreprocessedNext { get; set; } = [];

    public BabyBear[] Publics { get; set; } = [];

    public BabyBear IsFirstRow { get; set; }

    public BabyBear IsLastRow { get; set; }

    public BabyBear IsTransition { get; set; }
}
