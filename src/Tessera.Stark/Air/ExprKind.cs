namespace Tessera.Stark.Air;

/// <summary>The kind of a node in a symbolic constraint expression.</summary>
public enum ExprKind
{
    /// <summary>A base-field constant.</summary>
    Constant,

    /// <summary>A main-trace cell at row offset 0 (this row) or 1 (next row).</summary>
    Main,

    /// <summary>A preprocessed (fixed) cell at row offset 0 or 1.</summary>
    Preprocessed,

    /// <summary>A public value of the table.</summary>
    Public,

    /// <summary>An extension-field challenge drawn after the main commitment (engine use).</summary>
    Challenge,

    /// <summary>An extension-field auxiliary (LogUp) cell at row offset 0 or 1 (engine use).</summary>
    Aux,

    /// <summary>The table's claimed LogUp sum over its height, S·n⁻¹: the running sum's shift per row (engine use).</summary>
    SumShare,

    /// <summary>1 on the first row, 0 elsewhere.</summary>
    IsFirstRow,

    /// <summary>1 on the last row, 0 elsewhere.</summary>
    IsLastRow,

    /// <summary>0 on the last row, nonzero elsewhere (vanishes exactly on the last row).</summary>
    IsTransition,

    /// <summary>Sum of two nodes.</summary>
    Add,

    /// <summary>Difference of two nodes.</summary>
    Sub,

    /// <summary>Product of two nodes.</summary>
    Mul,

    /// <summary>Negation of a node.</summary>
    Neg,
}
