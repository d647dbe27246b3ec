using Tessera.Poly;

namespace Tessera.Stark.Prover;

/// <summary>One table's matrix in one round: its LDE (bit-reversed rows, as committed).</summary>
/// <param name="Lde">Evaluations on the table's coset, row p at shift·ω^reverse(p); rows [0, n) are the coset shift·H the openings at ζ read.</param>
internal sealed record CommittedTable(RowMajorMatrix Lde);
