using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    /// <summary>The internal diagonal that <see cref="Permute16{TOps, T}"/> writes out, as <see cref="Poseidon2Parameters.DiagonalForms"/>.</summary>
    internal static readonly int[] Width16Forms = [-2, 1, 2, 101, 3, 4, -101, -3, -4, 108, 102, 103, 127, -108, -104, -127];

    /// <summary>Whether the loaded width-16 instance has the diagonal that <see cref="Permute16{TOps, T}"/> writes out.</summary>
    internal static readonly bool Width16Specialised = Poseidon2Parameters.Width16.DiagonalForms.AsSpan().SequenceEqual(Width16Forms);

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
        if (typeof(T) == typeof(Vector512<uint>) && ReferenceEquals(parameters, Poseidon2Parameters.Width16) && Width16Specialised)
        {
            Permute16<TOps, T>(ref state, parameters);
            return;
        }

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

    /// <summary>
    /// The width-16 permutation with the state in sixteen locals, so that it stays in registers: the
    /// loops of <see cref="Permute{TOps, T}"/> address it in memory, a load and a store around every
    /// operation. The internal diagonal's multiples and powers 2^−k are written out for Plonky3's
    /// width-16 instance (<see cref="Width16Forms"/>, which <see cref="Permute{TOps, T}"/> checks).
    /// </summary>
    /// <remarks>
    /// One loop over M_E and the full rounds' S-boxes, with the partial rounds in its middle, so that each
    /// layer is written once; no helper takes a local by reference, which would keep it in memory (a first
    /// version with ref helpers ran from a 4.8 KB stack frame, 1.6× slower than the loops). AVX-512 only:
    /// its 32 registers hold the state and the S-box temporaries without a spill (none in the listing),
    /// and 16 lanes one thread went from 175 to 160 ns a permutation, Merkle leaves 417 → 353 ns a
    /// 32-element row. AVX2's 16 registers do not hold it, and there it ran 1.8× slower than the loops
    /// (200–250 → 385–457 ns), so the other lane types keep them.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Permute16<TOps, T>(ref T state, Poseidon2Parameters parameters)
        where TOps : IPackedLanes<T>
        where T : unmanaged
    {
        var s0 = Unsafe.Add(ref state, 0);
        var s1 = Unsafe.Add(ref state, 1);
        var s2 = Unsafe.Add(ref state, 2);
        var s3 = Unsafe.Add(ref state, 3);
        var s4 = Unsafe.Add(ref state, 4);
        var s5 = Unsafe.Add(ref state, 5);
        var s6 = Unsafe.Add(ref state, 6);
        var s7 = Unsafe.Add(ref state, 7);
        var s8 = Unsafe.Add(ref state, 8);
        var s9 = Unsafe.Add(ref state, 9);
        var s10 = Unsafe.Add(ref state, 10);
        var s11 = Unsafe.Add(ref state, 11);
        var s12 = Unsafe.Add(ref state, 12);
        var s13 = Unsafe.Add(ref state, 13);
        var s14 = Unsafe.Add(ref state, 14);
        var s15 = Unsafe.Add(ref state, 15);

        ref var initial = ref MemoryMarshal.GetArrayDataReference(parameters.ExternalInitial);
        ref var final = ref MemoryMarshal.GetArrayDataReference(parameters.ExternalFinal);
        ref var rc = ref MemoryMarshal.GetArrayDataReference(parameters.Internal);

        // Step 0 is M_E alone; steps 1–8 are the full rounds, the partial rounds follow step 4's M_E.
        for (var step = 0; step <= 8; step++)
        {
            if (step > 0)
            {
                ref var c = ref step <= 4 ? ref Unsafe.Add(ref initial, (step - 1) * 16) : ref Unsafe.Add(ref final, (step - 5) * 16);
                s0 = TOps.AddPow7(s0, Unsafe.Add(ref c, 0));
                s1 = TOps.AddPow7(s1, Unsafe.Add(ref c, 1));
                s2 = TOps.AddPow7(s2, Unsafe.Add(ref c, 2));
                s3 = TOps.AddPow7(s3, Unsafe.Add(ref c, 3));
                s4 = TOps.AddPow7(s4, Unsafe.Add(ref c, 4));
                s5 = TOps.AddPow7(s5, Unsafe.Add(ref c, 5));
                s6 = TOps.AddPow7(s6, Unsafe.Add(ref c, 6));
                s7 = TOps.AddPow7(s7, Unsafe.Add(ref c, 7));
                s8 = TOps.AddPow7(s8, Unsafe.Add(ref c, 8));
                s9 = TOps.AddPow7(s9, Unsafe.Add(ref c, 9));
                s10 = TOps.AddPow7(s10, Unsafe.Add(ref c, 10));
                s11 = TOps.AddPow7(s11, Unsafe.Add(ref c, 11));
                s12 = TOps.AddPow7(s12, Unsafe.Add(ref c, 12));
                s13 = TOps.AddPow7(s13, Unsafe.Add(ref c, 13));
                s14 = TOps.AddPow7(s14, Unsafe.Add(ref c, 14));
                s15 = TOps.AddPow7(s15, Unsafe.Add(ref c, 15));
            }

            // M_E: M4 = circ(2, 3, 1, 1) on each block (as in M4 below), then the block column sums added back.
            var a001 = TOps.Add(s0, s1);
            var a023 = TOps.Add(s2, s3);
            var a0 = TOps.Add(a001, a023);
            var b01 = TOps.Add(TOps.Add(a0, TOps.Add(s1, s2)), s2);
            var b03 = TOps.Add(TOps.Add(a0, TOps.Add(s3, s0)), s0);
            s0 = TOps.Add(TOps.Add(a0, a001), s1);
            s2 = TOps.Add(TOps.Add(a0, a023), s3);
            s1 = b01;
            s3 = b03;
            var a101 = TOps.Add(s4, s5);
            var a123 = TOps.Add(s6, s7);
            var a1 = TOps.Add(a101, a123);
            var b11 = TOps.Add(TOps.Add(a1, TOps.Add(s5, s6)), s6);
            var b13 = TOps.Add(TOps.Add(a1, TOps.Add(s7, s4)), s4);
            s4 = TOps.Add(TOps.Add(a1, a101), s5);
            s6 = TOps.Add(TOps.Add(a1, a123), s7);
            s5 = b11;
            s7 = b13;
            var a201 = TOps.Add(s8, s9);
            var a223 = TOps.Add(s10, s11);
            var a2 = TOps.Add(a201, a223);
            var b21 = TOps.Add(TOps.Add(a2, TOps.Add(s9, s10)), s10);
            var b23 = TOps.Add(TOps.Add(a2, TOps.Add(s11, s8)), s8);
            s8 = TOps.Add(TOps.Add(a2, a201), s9);
            s10 = TOps.Add(TOps.Add(a2, a223), s11);
            s9 = b21;
            s11 = b23;
            var a301 = TOps.Add(s12, s13);
            var a323 = TOps.Add(s14, s15);
            var a3 = TOps.Add(a301, a323);
            var b31 = TOps.Add(TOps.Add(a3, TOps.Add(s13, s14)), s14);
            var b33 = TOps.Add(TOps.Add(a3, TOps.Add(s15, s12)), s12);
            s12 = TOps.Add(TOps.Add(a3, a301), s13);
            s14 = TOps.Add(TOps.Add(a3, a323), s15);
            s13 = b31;
            s15 = b33;
            var c0 = TOps.Add(TOps.Add(s0, s4), TOps.Add(s8, s12));
            var c1 = TOps.Add(TOps.Add(s1, s5), TOps.Add(s9, s13));
            var c2 = TOps.Add(TOps.Add(s2, s6), TOps.Add(s10, s14));
            var c3 = TOps.Add(TOps.Add(s3, s7), TOps.Add(s11, s15));
            s0 = TOps.Add(s0, c0);
            s1 = TOps.Add(s1, c1);
            s2 = TOps.Add(s2, c2);
            s3 = TOps.Add(s3, c3);
            s4 = TOps.Add(s4, c0);
            s5 = TOps.Add(s5, c1);
            s6 = TOps.Add(s6, c2);
            s7 = TOps.Add(s7, c3);
            s8 = TOps.Add(s8, c0);
            s9 = TOps.Add(s9, c1);
            s10 = TOps.Add(s10, c2);
            s11 = TOps.Add(s11, c3);
            s12 = TOps.Add(s12, c0);
            s13 = TOps.Add(s13, c1);
            s14 = TOps.Add(s14, c2);
            s15 = TOps.Add(s15, c3);

            if (step != 4)
            {
                continue;
            }

            for (var r = 0; r < 13; r++)
            {
                // s1 + … + s15 as a tree, which does not wait for the S-box on s0.
                var sum = TOps.Add(
                    TOps.Add(TOps.Add(TOps.Add(s1, s2), TOps.Add(s3, s4)), TOps.Add(TOps.Add(s5, s6), TOps.Add(s7, s8))),
                    TOps.Add(TOps.Add(TOps.Add(s9, s10), TOps.Add(s11, s12)), TOps.Add(TOps.Add(s13, s14), s15)));
                s0 = TOps.AddPow7(s0, Unsafe.Add(ref rc, r));
                sum = TOps.Add(sum, s0);

                // diag = [−2, 1, 2, 1/2, 3, 4, −1/2, −3, −4, 2^−8, 1/4, 1/8, 2^−27, −2^−8, −1/16, −2^−27].
                s0 = TOps.Sub(sum, TOps.Add(s0, s0));
                s1 = TOps.Add(sum, s1);
                s2 = TOps.Add(sum, TOps.Add(s2, s2));
                s3 = TOps.Add(sum, TOps.DivPow2(s3, 1));
                s4 = TOps.Add(sum, TOps.Add(TOps.Add(s4, s4), s4));
                var twice5 = TOps.Add(s5, s5);
                s5 = TOps.Add(sum, TOps.Add(twice5, twice5));
                s6 = TOps.Sub(sum, TOps.DivPow2(s6, 1));
                s7 = TOps.Sub(sum, TOps.Add(TOps.Add(s7, s7), s7));
                var twice8 = TOps.Add(s8, s8);
                s8 = TOps.Sub(sum, TOps.Add(twice8, twice8));
                s9 = TOps.Add(sum, TOps.DivPow2(s9, 8));
                s10 = TOps.Add(sum, TOps.DivPow2(s10, 2));
                s11 = TOps.Add(sum, TOps.DivPow2(s11, 3));
                s12 = TOps.Add(sum, TOps.DivPow2(s12, 27));
                s13 = TOps.Sub(sum, TOps.DivPow2(s13, 8));
                s14 = TOps.Sub(sum, TOps.DivPow2(s14, 4));
                s15 = TOps.Sub(sum, TOps.DivPow2(s15, 27));
            }
        }

        Unsafe.Add(ref state, 0) = s0;
        Unsafe.Add(ref state, 1) = s1;
        Unsafe.Add(ref state, 2) = s2;
        Unsafe.Add(ref state, 3) = s3;
        Unsafe.Add(ref state, 4) = s4;
        Unsafe.Add(ref state, 5) = s5;
        Unsafe.Add(ref state, 6) = s6;
        Unsafe.Add(ref state, 7) = s7;
        Unsafe.Add(ref state, 8) = s8;
        Unsafe.Add(ref state, 9) = s9;
        Unsafe.Add(ref state, 10) = s10;
        Unsafe.Add(ref state, 11) = s11;
        Unsafe.Add(ref state, 12) = s12;
        Unsafe.Add(ref state, 13) = s13;
        Unsafe.Add(ref state, 14) = s14;
        Unsafe.Add(ref state, 15) = s15;
    }
}
