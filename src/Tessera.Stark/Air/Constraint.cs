namespace Tessera.Stark.Air;

/// <summary>A named polynomial constraint: <see cref="Expr"/> must vanish on every row of the trace.</summary>
/// <param name="Index">Position in the table's constraint list (the verifier folds in this order).</param>
/// <param name="Name">Human-readable name given by the AIR (or the engine for LogUp constraints).</param>
/// <param name="Expr">The expression that must be zero.</param>
public sealed record Constraint(int Index, string Name, Expr Expr)
{
    /// <summary>Symbolic degree of the constraint.</summary>
    public int Degree => Expr.Degree;
}
