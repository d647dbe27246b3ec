namespace Tessera.Poly;

/// <summary>Row order of a low-degree extension.</summary>
public enum LdeOrder
{
    /// <summary>
    /// Row i holds the evaluation at shift·ω^reverse(i) (reverse over log2 of the LDE height). This is
    /// the order the prover commits (docs/decisions/0001-lde-order.md): the two points x and −x that a
    /// FRI fold pairs sit in neighbouring rows, and the rows of each quotient-domain coset are contiguous.
    /// </summary>
    BitReversed,

    /// <summary>Row i holds the evaluation at shift·ω^i.</summary>
    Natural,
}
