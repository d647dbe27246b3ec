namespace Tessera.Stark.Air;

/// <summary>
/// The builder an <see cref="IAir"/> writes its constraints against. Each call records symbolic
/// nodes; nothing is evaluated here.
/// </summary>
public sealed class AirBuilder
{
    private readonly List<Constraint> _constraints = [];
    private readonly List<Interaction> _interactions = [];

    internal AirBuilder(string table, int width, int preprocessedWidth, int publicCount)
    {
        Table = table;
        Width = width;
        PreprocessedWidth = preprocessedWidth;
        PublicValueCount = publicCount;
    }

    /// <summary>The table being built.</summary>
    public string Table { get; }

    /// <summary>Number of main columns.</summary>
    public int Width { get; }

    /// <summary>Number of preprocessed columns.</summary>
    public int PreprocessedWidth { get; }

    /// <summary>Number of public values.</summary>
    public int PublicValueCount { get; }

    internal IReadOnlyList<Constraint> Constraints => _constraints;

    internal IReadOnlyList<Interaction> Interactions => _interactions;

    /// <summary>1 on the first row, 0 elsewhere.</summary>
    public Expr IsFirstRow { get; } = Expr.Leaf(ExprKind.IsFirstRow, 0, 0, false, 1);

    /// <summary>1 on the last row, 0 elsewhere.</summary>
    public Expr IsLastRow { get; } = Expr.Leaf(ExprKind.IsLastRow, 0, 0, false, 1);

    /// <summary>Vanishes on the last row only: multiply a constraint that reads the next row by it.</summary>
    public Expr IsTransition { get; } = Expr.Leaf(ExprKind.IsTransition, 0, 0, false, 0);

    /// <summary>Main column <paramref name="column"/> on this row.</summary>
    public Expr Main(int column) => Column(ExprKind.Main, column, 0, Width);

    /// <summary>Main column <paramref name="column"/> on the next row (the row after the last is the first).</summary>
    public Expr MainNext(int column) => Column(ExprKind.Main, column, 1, Width);

    /// <summary>Preprocessed column <paramref name="column"/> on this row.</summary>
    public Expr Preprocessed(int column) => Column(ExprKind.Preprocessed, column, 0, PreprocessedWidth);

    /// <summary>Preprocessed column <paramref name="column"/> on the next row.</summary>
    public Expr PreprocessedNext(int column) => Column(ExprKind.Preprocessed, column, 1, PreprocessedWidth);

    /// <summary>Public value <paramref name="index"/>.</summary>
    public Expr Public(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PublicValueCount);
        return Expr.Leaf(ExprKind.Public, index, 0, false, 0);
    }

    /// <summary>Requires <paramref name="expr"/> to vanish on every row.</summary>
    public void AssertZero(string name, Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        if (expr.IsExtension)
        {
            throw new ArgumentException("AIR constraints are over the base field.", nameof(expr));
        }

        _constraints.Add(new Constraint(_constraints.Count, name, expr));
    }

    /// <summary>Requires <paramref name="a"/> = <paramref name="b"/> on every row.</summary>
    public void AssertEqual(string name, Expr a, Expr b) => AssertZero(name, a - b);

    /// <summary>Requires <paramref name="x"/> ∈ {0, 1} on every row.</summary>
    public void AssertBool(string name, Expr x) => AssertZero(name, x * (x - 1));

    /// <summary>Requires <paramref name="expr"/> = 0 on the first row.</summary>
    public void AssertZeroFirst(string name, Expr expr) => AssertZero(name, IsFirstRow * expr);

    /// <summary>Requires <paramref name="expr"/> = 0 on the last row.</summary>
    public void AssertZeroLast(string name, Expr expr) => AssertZero(name, IsLastRow * expr);

    /// <summary>Requires <paramref name="expr"/> = 0 on every row but the last (where the next row wraps).</summary>
    public void AssertZeroTransition(string name, Expr expr) => AssertZero(name, IsTransition * expr);

    /// <summary>Sends <paramref name="tuple"/> with weight <paramref name="multiplicity"/> on <paramref name="bus"/>.</summary>
    public void Send(string bus, Expr multiplicity, params Expr[] tuple) => Interact(bus, true, multiplicity, tuple);

    /// <summary>Receives <paramref name="tuple"/> with weight <paramref name="multiplicity"/> from <paramref name="bus"/>.</summary>
    public void Receive(string bus, Expr multiplicity, params Expr[] tuple) => Interact(bus, false, multiplicity, tuple);

    private void Interact(string bus, bool send, Expr multiplicity, Expr[] tuple)
    {
        ArgumentException.ThrowIfNullOrEmpty(bus);
        ArgumentNullException.ThrowIfNull(multiplicity);
        ArgumentNullException.ThrowIfNull(tuple);
        if (tuple.Length == 0 || multiplicity.IsExtension || tuple.Any(t => t.IsExtension))
        {
            throw new ArgumentException("A bus tuple is a non-empty list of base-field expressions.", nameof(tuple));
        }

        _interactions.Add(new Interaction(_interactions.Count, bus, send, multiplicity, [.. tuple]));
    }

    private static Expr Column(ExprKind kind, int column, int offset, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, width);
        return Expr.Leaf(kind, column, offset, false, 1);
    }
}
