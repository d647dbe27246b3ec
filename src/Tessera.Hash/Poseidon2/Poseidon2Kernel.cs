using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// The Poseidon2 permutation over bundles of independent states: element i of the state is the
/// bundle at <c>Unsafe.Add(ref state, i)</c>, lane k of every bundle belongs to state k.
/// </summary>
/// <remarks>
/// Layers (Plonky3's default instance): s ← M_E·s; 4 full rounds (add constants, x^7 on every
/// element, M_E); partial rounds (add a constant to s[0], s[0]^7, M_I); 4 full rounds.
/// M_E applies M4 = circ(2, 3, 1, 1) to each block of four and then adds to every element the sum of
/// the elements at the same position mod 4; M_I·s = diag(D)·s + (Σ s)·1.
/// </remarks>
internal static class Poseidon2Kernel
{
    /// <summary>Permutes <see cref="IPackedLanes{T}.Count"/> states at once, in place.</summary>
    /// <remarks>
    /// Never inlined: inlined into a caller, the round helpers below no longer fit the inliner's budget
    /// and ran as calls at tier 0 (scalar throughput fell about tenfold).
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Permute<TOps, T>(ref T state, Poseidon2Parameters parameters)
        where TOps : IPackedLanes<T>
        where T : unmanaged
    {
        var width = parameters.Width;
        ExternalLinear<TOps, T>(ref state, width);

        ref var initial = ref MemoryMarshal.GetArrayDataReference(parameters.ExternalInitial);
        var half = parameters.HalfFullRounds;
        for (var r = 0; r < half; r++)
        {
            FullRound<TOps, T>(ref state, width, ref Unsafe.Add(ref initial, r * width));
        }

        ref var rc = ref MemoryMarshal.GetArrayDataReference(parameters.Internal);
        ref var diag = ref MemoryMarshal.GetArrayDataReference(parameters.Diagonal);
        ref var forms = ref MemoryMarshal.GetArrayDataReference(parameters.DiagonalForms);
        var partial = parameters.PartialRounds;
        for (var r = 0; r < partial; r++)
        {
            PartialRound<TOps, T>(ref state, width, Unsafe.Add(ref rc, r), ref diag, ref forms);
        }

        ref var final = ref MemoryMarshal.GetArrayDataReference(parameters.ExternalFinal);
        for (var r = 0; r < half; r++)
        {
            FullRound<TOps, T>(ref state, width, ref Unsafe.Add(ref final, r * width));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FullRound<TOps, T>(ref T state, int width, ref uint constants)
        where TOps : IPackedLanes<T>
        where T : unmanaged
    {
        for (var i = 0; i < width; i++)
        {
            ref var s = ref Unsafe.Add(ref state, i);
            s = TOps.AddPow7(s, Unsafe.Add(ref constants, i));
        }

        ExternalLinear<TOps, T>(ref state, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PartialRound<TOps, T>(ref T state, int width, uint constant, ref uint diag, ref int forms)
        where TOps : IPackedLanes<T>
        where T : unmanaged
    {
        // The sum of the other elements does not wait for the S-box: summed pairwise first, s0 joins
        // last, so a round's critical path is the S-box and two additions rather than width additions.
        var sum = SumRest<TOps, T>(ref state, width);
        state = TOps.AddPow7(state, constant);
        sum = TOps.Add(sum, state);

        for (var i = 0; i < width; i++)
        {
            ref var s = ref Unsafe.Add(ref state, i);
            s = MulDiagonalAdd<TOps, T>(s, Unsafe.Add(ref forms, i), Unsafe.Add(ref diag, i), sum);
        }
    }

    /// <summary>s[1] + … + s[width − 1] as four interleaved chains, for a width of 4k ≥ 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T SumRest<TOps, T>(ref T state, int width)
        where TOps : IPackedLanes<T>
        where T : unmanaged
    {
        var a = Unsafe.Add(ref state, 1);
        var b = Unsafe.Add(ref state, 2);
        var c = Unsafe.Add(ref state, 3);
        var d = Unsafe.Add(ref state, 4);
        for (var i = 5; i < width - 3; i += 4)
        {
            a = TOps.Add(a, Unsafe.Add(ref state, i));
            b = TOps.Add(b, Unsafe.Add(ref state, i + 1));
            c = TOps.Add(c, Unsafe.Add(ref state, i + 2));
            d = TOps.Add(d, Unsafe.Add(ref state, i + 3));
        }

        a = TOps.Add(a, Unsafe.Add(ref state, width - 3));
        b = TOps.Add(b, Unsafe.Add(ref state, width - 2));
        c = TOps.Add(c, Unsafe.Add(ref state, width - 1));
        return TOps.Add(TOps.Add(a, b), TOps.Add(c, d));
    }

    /// <summary>
    /// d·x + sum where d is a diagonal entry: small multiples by additions and powers 2^−k by shifts
    /// (see <see cref="IPackedLanes{T}.DivPow2"/>), which keeps the partial rounds off the multiplier.
    /// The branch follows the same pattern every round, so it predicts well.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MulDiagonalAdd<TOps, T>(T x, int form, uint d, T sum)
        where TOps : IPackedLanes<T>
        where T : unmanaged
    {
        var magnitude = Math.Abs(form);
        T product;
        if (magnitude > Poseidon2Parameters.Pow2Base)
        {
            product = TOps.DivPow2(x, magnitude - Poseidon2Parameters.Pow2Base);
        }
        else if (magnitude == 0)
        {
            return TOps.Add(TOps.Mul(x, TOps.Splat(d)), sum);
        }
        else
        {
            product = x;
            if (magnitude >= 2)
            {
                var twice = TOps.Add(x, x);
                product = magnitude switch
                {
                    2 => twice,
                    3 => TOps.Add(twice, x),
                    _ => TOps.Add(twice, twice),
                };
            }
        }

        return form > 0 ? TOps.Add(sum, product) : TOps.Sub(sum, product);
    }

    /// <summary>M_E: M4 on every block of four, then the column sums of the blocks added back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExternalLinear<TOps, T>(ref T state, int width)
        where TOps : IPackedLanes<T>
        where T : unmanaged
    {
        for (var b = 0; b < width; b += 4)
        {
            M4<TOps, T>(ref Unsafe.Add(ref state, b));
        }

        var c0 = state;
        var c1 = Unsafe.Add(ref state, 1);
        var c2 = Unsafe.Add(ref state, 2);
        var c3 = Unsafe.Add(ref state, 3);
        for (var b = 4; b < width; b += 4)
        {
            c0 = TOps.Add(c0, Unsafe.Add(ref state, b));
            c1 = TOps.Add(c1, Unsafe.Add(ref state, b + 1));
            c2 = TOps.Add(c2, Unsafe.Add(ref state, b + 2));
            c3 = TOps.Add(c3, Unsafe.Add(ref state, b + 3));
        }

        for (var b = 0; b < width; b += 4)
        {
            ref var s = ref Unsafe.Add(ref state, b);
            s = TOps.Add(s, c0);
            Unsafe.Add(ref s, 1) = TOps.Add(Unsafe.Add(ref s, 1), c1);
            Unsafe.Add(ref s, 2) = TOps.Add(Unsafe.Add(ref s, 2), c2);
            Unsafe.Add(ref s, 3) = TOps.Add(Unsafe.Add(ref s, 3), c3);
        }
    }

    /// <summary>
    /// M4 = circ(2, 3, 1, 1): row i is 2·x_i + 3·x_{i+1} + x_{i+2} + x_{i+3}, which is
    /// s + x_i + 2·x_{i+1} with s = x0 + x1 + x2 + x3. Rows 0 and 2 reuse the pair sums that make s
    /// (s + (x0 + x1) + x1, s + (x2 + x3) + x3): 13 field additions instead of 15.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void M4<TOps, T>(ref T x)
        where TOps : IPackedLanes<T>
        where T : unmanaged
    {
        var x0 = x;
        var x1 = Unsafe.Add(ref x, 1);
        var x2 = Unsafe.Add(ref x, 2);
        var x3 = Unsafe.Add(ref x, 3);
        var x01 = TOps.Add(x0, x1);
        var x23 = TOps.Add(x2, x3);
        var sum = TOps.Add(x01, x23);
        x = TOps.Add(TOps.Add(sum, x01), x1);
        Unsafe.Add(ref x, 1) = TOps.Add(TOps.Add(sum, TOps.Add(x1, x2)), x2);
        Unsafe.Add(ref x, 2) = TOps.Add(TOps.Add(sum, x23), x3);
        Unsafe.Add(ref x, 3) = TOps.Add(TOps.Add(sum, TOps.Add(x3, x0)), x0);
    }
}
