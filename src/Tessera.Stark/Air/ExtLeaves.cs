using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>Leaf values for an extension-field evaluation of a <see cref="ConstraintProgram"/>.</summary>
internal sealed class ExtLeaves
{
    public BabyBear4[] MainLocal { get; set; } = [];

    public BabyBear4[] MainNext { get; set; } = [];

    public BabyBear4[] PreprocessedLocal { get; set; } = [];

    public BabyBear4[] PreprocessedNext { get; set; } = [];

    public BabyBear4[] AuxLocal { get; set; } = [];

    public BabyBear4[] AuxNext { get; set; } = [];

    public BabyBear[] Publics { get; set; } = [];

    public BabyBear4[] Challenges { get; set; } = [];

    public BabyBear4 SumShare { get; set; }

    public BabyBear4 IsFirstRow { get; set; }

    public BabyBear4 IsLastRow { get; set; }

    public BabyBear4 IsTransition { get; set; }
}
