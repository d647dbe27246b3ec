using Tessera.Poly;

namespace Tessera.Stark.Prover;

/// <summary>One table's matrix in one round: its LDE (bit-reversed rows, as committed) and its coefficients.</summary>
/// <param name="Lde">Evaluations on the table's coset, row p at shift·ω^reverse(p).</param>
/// <param name="Coefficients">Row i holds every column's coefficient of X^i.</param>
internal sealed record CommittedTable(RowMajorMatrix Lde, RowMajorMatrix Coefficients);
