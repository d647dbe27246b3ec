using Tessera.Stark.Air;

namespace Tessera.Stark.Pcs;

/// <summary>The commitment rounds of a proof, in transcript order.</summary>
internal enum Round
{
    Preprocessed,
    Main,
    Aux,
    Quotient,
}

/// <summary>Which tables each round commits, and how wide each table's matrix is.</summary>
internal static class RoundLayout
{
    public static readonly Round[] All = [Round.Preprocessed, Round.Main, Round.Aux, Round.Quotient];

    public static int Width(CompiledAir t, Round r) => r switch
    {
        Round.Preprocessed => t.Air.PreprocessedWidth,
        Round.Main => t.Air.Width,
        Round.Aux => 4 * t.AuxWidth,
        _ => 4 * t.QuotientChunks,
    };

    /// <summary>Quotient chunks are opened at ζ only; trace columns at ζ and ζ·g.</summary>
    public static bool OpensNext(Round r) => r != Round.Quotient;

    /// <summary>The rounds that commit anything, in order.</summary>
    public static Round[] Present(Machine m) => [.. All.Where(r => m.Tables.Any(t => Width(t, r) > 0))];

    /// <summary>Tables with a matrix in the round, in table order.</summary>
    public static int[] Tables(Machine m, Round r) => [.. Enumerable.Range(0, m.Tables.Count).Where(i => Width(m.Tables[i], r) > 0)];
}
