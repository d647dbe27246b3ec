namespace Tessera.Stark.Debugging;

/// <summary>A constraint does not vanish on a row of a table's trace.</summary>
public sealed class ConstraintViolationException : TraceCheckException
{
    /// <summary>Creates the exception.</summary>
    public ConstraintViolationException(string table, int row, int constraintIndex, string constraintName)
        : base($"Table '{table}', row {row}: constraint #{constraintIndex} '{constraintName}' does not hold.")
    {
        Table = table;
        Row = row;
        ConstraintIndex = constraintIndex;
        ConstraintName = constraintName;
    }

    /// <summary>The table.</summary>
    public string Table { get; }

    /// <summary>The first failing row.</summary>
    public int Row { get; }

    /// <summary>Index of the constraint in the table's list.</summary>
    public int ConstraintIndex { get; }

    /// <summary>The constraint's name.</summary>
    public string ConstraintName { get; }
}
