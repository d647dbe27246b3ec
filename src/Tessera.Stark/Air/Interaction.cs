namespace Tessera.Stark.Air;

/// <summary>
/// A bus interaction: on every row the table sends (or receives) <see cref="Tuple"/> with weight
/// <see cref="Multiplicity"/> on the bus <see cref="Bus"/>. Over all tables, the signed weights of
/// every tuple on every bus must sum to zero.
/// </summary>
/// <param name="Index">Position in the table's interaction list.</param>
/// <param name="Bus">Bus name; interactions meet on equal names.</param>
/// <param name="IsSend">True for a send (+multiplicity), false for a receive (−multiplicity).</param>
/// <param name="Multiplicity">Base-field weight expression per row.</param>
/// <param name="Tuple">Base-field values sent on the row.</param>
public sealed record Interaction(int Index, string Bus, bool IsSend, Expr Multiplicity, IReadOnlyList<Expr> Tuple);
