namespace Tessera.Stark.Air;

/// <summary>
/// One table (chip) of a machine: its columns, public values and constraints. <see cref="Eval"/>
/// is run once against an <see cref="AirBuilder"/> that records the constraints symbolically.
/// </summary>
public interface IAir
{
    /// <summary>A name unique within a machine; it appears in errors and is bound into proofs.</summary>
    string Name { get; }

    /// <summary>Number of main (witness) columns.</summary>
    int Width { get; }

    /// <summary>Number of preprocessed (fixed) columns; 0 when the table has none.</summary>
    int PreprocessedWidth => 0;

    /// <summary>Number of public values of the table.</summary>
    int PublicValueCount => 0;

    /// <summary>
    /// The preprocessed columns, or null when <see cref="PreprocessedWidth"/> is 0. A table with
    /// preprocessed columns has exactly their height.
    /// </summary>
    Trace? Preprocessed() => null;

    /// <summary>Declares the table's constraints and bus interactions.</summary>
    void Eval(AirBuilder builder);
}
