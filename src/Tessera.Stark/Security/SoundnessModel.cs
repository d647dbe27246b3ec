namespace Tessera.Stark.Security;

/// <summary>
/// The inputs of ethereum/soundcalc's DEEP-ALI + FRI model (its <c>FRIConfig</c>, <c>DeepAliConfig</c>
/// and <c>LogUpConfig</c>), generalised to several tables: DEEP and ALI take a union bound over
/// <see cref="Tables"/>; with one table the figures are soundcalc's.
/// </summary>
public sealed record SoundnessModel
{
    /// <summary>The base field's modulus p.</summary>
    public required double FieldModulus { get; init; }

    /// <summary>The extension degree e: challenges live in a field of p^e elements.</summary>
    public required int ExtensionDegree { get; init; }

    /// <summary>log2 of 1/ρ.</summary>
    public required int LogInverseRate { get; init; }

    /// <summary>log2 of the dimension FRI tests (the largest trace).</summary>
    public required int LogTraceLength { get; init; }

    /// <summary>Base-field functions batched into FRI's first function (each (polynomial, point) claim counts once per base coordinate).</summary>
    public required int BatchSize { get; init; }

    /// <summary>True when the batch uses powers of one challenge (Tessera does); false for independent coefficients.</summary>
    public bool PowerBatching { get; init; } = true;

    /// <summary>FRI query repetitions.</summary>
    public required int Queries { get; init; }

    /// <summary>Folding factor of each FRI round.</summary>
    public required IReadOnlyList<int> FoldingFactors { get; init; }

    /// <summary>
    /// Functions combined by powers of each round's challenge: the folding factor, plus one in a
    /// round where another table's quotient is added with the next power. Null: the folding factors.
    /// </summary>
    public IReadOnlyList<int>? FunctionsPerRound { get; init; }

    /// <summary>Proof-of-work bits before the query phase.</summary>
    public int QueryGrindingBits { get; init; }

    /// <summary>Proof-of-work bits before the batching challenge.</summary>
    public int BatchingGrindingBits { get; init; }

    /// <summary>Proof-of-work bits before every folding challenge.</summary>
    public int CommitGrindingBits { get; init; }

    /// <summary>Proof-of-work bits before the out-of-domain point ζ.</summary>
    public int DeepGrindingBits { get; init; }

    /// <summary>Points each column is opened at (soundcalc's <c>opening_points</c>, its <c>max_combo</c>).</summary>
    public required int OpeningPoints { get; init; }

    /// <summary>Per table: log2 height, constraint degree, constraint count.</summary>
    public required IReadOnlyList<TableTerms> Tables { get; init; }

    /// <summary>Lookup arguments (univariate LogUp).</summary>
    public IReadOnlyList<LookupTerms> Lookups { get; init; } = [];

    /// <summary>Johnson regime only: the gap η to the Johnson radius; null for soundcalc's default.</summary>
    public double? GapToRadius { get; init; }

    /// <summary>|F| = p^e.</summary>
    public double ExtensionFieldSize => Math.Pow(FieldModulus, ExtensionDegree);
}

/// <summary>One table's terms in the DEEP and ALI errors.</summary>
/// <param name="LogHeight">log2 of its trace length.</param>
/// <param name="MaxDegree">Its largest constraint degree (soundcalc's <c>AIR_max_degree</c>).</param>
/// <param name="Constraints">Its number of constraints.</param>
public sealed record TableTerms(int LogHeight, int MaxDegree, int Constraints);

/// <summary>One LogUp argument: error K·H·S/|F|·2^−grinding, H = rows of both sides (soundcalc's <c>LogUpConfig</c>).</summary>
/// <param name="Name">Label in the report.</param>
/// <param name="Rows">H = rows_L + rows_T: the number of fractions summed.</param>
/// <param name="Columns">S: the degree of the tuple fold in its challenge.</param>
/// <param name="Lookups">K: the number of lookups.</param>
/// <param name="GrindingBits">Proof-of-work bits before the LogUp challenges.</param>
public sealed record LookupTerms(string Name, double Rows, int Columns, int Lookups, int GrindingBits);
