using System.Buffers;

using Tessera.Field;
using Tessera.Poly;
using Tessera.Stark.Pcs;

namespace Tessera.Stark.Prover;

/// <summary>
/// The prover's DEEP quotient of one table at every point of its LDE domain (bit-reversed rows,
/// as committed), from the committed rows: DeepQuotient.EvaluateRows, block by block.
/// </summary>
/// <remarks>
/// Rows go in blocks of 2^b: row hi·2^b + j is x = shift·ω^rev(hi)·ω_b^rev(j) with ω_b of order
/// 2^b, so each block makes its points with one power and one product per row, and inverts its
/// ζ − x and ζ·g − x in one batch into pooled scratch: no domain-sized temporaries.
/// </remarks>
internal static class DeepOverDomain
{
    private const int LogBlock = 10;

    /// <summary>
    /// Writes the quotient at each row into <paramref name="result"/> (2^logLde elements), or adds
    /// it there with <paramref name="accumulate"/> (tables of one LDE height share FRI's input).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> is not 2^logLde long.</exception>
    public static void Evaluate(DeepQuotient deep, int t, int logLde, BabyBear shift, BabyBear4 zeta, BabyBear g,
        RowMajorMatrix? pre, RowMajorMatrix main, RowMajorMatrix? aux, RowMajorMatrix quotient, BabyBear4[] result, bool accumulate) =>
        Evaluate(deep, [new TableLdes(t, pre, main, aux, quotient)], logLde, shift, zeta, g, result, accumulate);

    /// <summary>
    /// The sum of the quotients of <paramref name="tables"/>, all of one height (one LDE domain and
    /// one ζ·g): each block's 1/(ζ − x) and 1/(ζ·g − x) are computed once for all of them, and
    /// multiplied in once (<see cref="DeepQuotient.EvaluateRows(ReadOnlySpan{TableLdes}, int, ReadOnlySpan{BabyBear4}, ReadOnlySpan{BabyBear4}, Span{BabyBear4}, bool, Span{BabyBear4})"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="result"/> is not 2^logLde long.</exception>
    public static void Evaluate(DeepQuotient deep, TableLdes[] tables, int logLde, BabyBear shift, BabyBear4 zeta, BabyBear g,
        BabyBear4[] result, bool accumulate)
    {
        var size = 1 << logLde;
        if (result.Length != size)
        {
            throw new ArgumentException($"The LDE domain has {size} points; the result holds {result.Length}.", nameof(result));
        }

        var logBlock = Math.Min(LogBlock, logLde);
        var block = 1 << logBlock;
        var inner = new BabyBear[block];
        var omegaBlock = BabyBear.TwoAdicGenerator(logBlock);
        var w = BabyBear.One;
        for (var j = 0; j < block; j++)
        {
            inner[BitReversal.Reverse(j, logBlock)] = w;
            w *= omegaBlock;
        }

        var omega = BabyBear.TwoAdicGenerator(logLde);
        var zetaNext = zeta * g;
        Parallel.For(0, size >> logBlock, hi =>
        {
            var scratch = ArrayPool<BabyBear4>.Shared.Rent(5 * block);
            try
            {
                var inv = scratch.AsSpan(0, 2 * block);
                var outer = shift * omega.Pow((ulong)BitReversal.Reverse(hi, logLde - logBlock));
                for (var j = 0; j < block; j++)
                {
                    var x = outer * inner[j];
                    inv[j] = zeta - x;
                    inv[block + j] = zetaNext - x;
                }

                BatchInversion.Invert(inv, inv);
                deep.EvaluateRows(tables, hi << logBlock, inv[..block], inv[block..],
                    result.AsSpan(hi << logBlock, block), accumulate, scratch.AsSpan(2 * block, 3 * block));
            }
            finally
            {
                ArrayPool<BabyBear4>.Shared.Return(scratch);
            }
        });
    }
}
