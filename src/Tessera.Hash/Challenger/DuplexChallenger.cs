using System.Buffers;

using Tessera.Field;

namespace Tessera.Hash.Challenger;

/// <summary>
/// The Fiat–Shamir transcript: a duplex sponge over Poseidon2 width 16 with rate 8, as Plonky3's
/// <c>DuplexChallenger&lt;BabyBear, Poseidon2BabyBear&lt;16&gt;, 16, 8&gt;</c>.
/// </summary>
/// <remarks>
/// <para>The sponge state starts at zero. Observed elements are buffered; an observation discards any
/// unread outputs, and when 8 are pending they overwrite state[0..8] and the state is permuted (a
/// duplexing). Sampling first duplexes if observations are pending (they overwrite only
/// state[0..k] for k pending) or if no outputs are left; a duplexing refills the output buffer with
/// state[0..8], and samples are taken from its end: state[7] first, then state[6], and so on.</para>
/// <para>A <see cref="BabyBear4"/> is observed as its coefficients c0..c3 in order and sampled as four
/// samples in order c0..c3; a <see cref="Digest"/> is observed as its 8 elements in order.</para>
/// <para>Grinding: the prover finds the smallest witness w (as a canonical value) such that, on a copy of
/// the transcript, observing w and then <see cref="SampleBits"/>(bits) gives 0; the verifier replays
/// the same with <see cref="CheckWitness"/>. Both leave the transcript in the same state.</para>
/// </remarks>
public sealed class DuplexChallenger
{
    /// <summary>The Poseidon2 width.</summary>
    public const int Width = Poseidon2.Width16;

    /// <summary>Elements absorbed per permutation, and outputs per permutation.</summary>
    public const int Rate = 8;

    /// <summary>The most bits <see cref="SampleBits"/> returns (2^30 is the largest power of two below p).</summary>
    public const int MaxSampleBits = 30;

    /// <summary>
    /// Candidate witnesses permuted together in one grinding batch (at most): 2 MB of states. A batch
    /// is 2^(bits−4) witnesses below that, so a search makes about 16 multi-core permutation calls
    /// (each allocates its parallel loop's state: 256 calls of 4,096 left 1 MB of garbage at 20 bits)
    /// and overshoots the witness by at most 1/16 of the expected work (1.6 % at 20 bits).
    /// </summary>
    private const int GrindBatch = 1 << 15;

    private DuplexState _state;

    /// <summary>A fresh transcript (all-zero sponge state, nothing buffered).</summary>
    public DuplexChallenger()
    {
    }

    private DuplexChallenger(DuplexState state)
    {
        _state = state;
    }

    /// <summary>An independent copy of this transcript (one small allocation).</summary>
    public DuplexChallenger Clone() => new(_state);

    /// <summary>Observes one element.</summary>
    public void Observe(BabyBear value) => _state.Observe(value);

    /// <summary>Observes the coefficients c0, c1, c2, c3 in order.</summary>
    public void Observe(BabyBear4 value)
    {
        _state.Observe(value.C0);
        _state.Observe(value.C1);
        _state.Observe(value.C2);
        _state.Observe(value.C3);
    }

    /// <summary>Observes the eight elements of a digest in order.</summary>
    public void Observe(in Digest digest)
    {
        for (var i = 0; i < Digest.Length; i++)
        {
            _state.Observe(digest[i]);
        }
    }

    /// <summary>Observes the elements in order (exactly as observing each in turn).</summary>
    public void Observe(ReadOnlySpan<BabyBear> values)
    {
        foreach (var v in values)
        {
            _state.Observe(v);
        }
    }

    /// <summary>Squeezes one base-field element.</summary>
    public BabyBear Sample() => _state.Sample();

    /// <summary>Squeezes an extension element: four samples, taken as c0, c1, c2, c3 in order.</summary>
    public BabyBear4 SampleExtension()
    {
        var c0 = _state.Sample();
        var c1 = _state.Sample();
        var c2 = _state.Sample();
        var c3 = _state.Sample();
        return new BabyBear4(c0, c1, c2, c3);
    }

    /// <summary>
    /// A uniformly random integer of <paramref name="bits"/> bits (0 ≤ bits ≤ 30): the low bits of the
    /// canonical value of a sample, by rejection so that it is exactly uniform.
    /// </summary>
    /// <remarks>
    /// A sample x is rejected, and the next one taken, when x ≥ ⌊p / 2^bits⌋·2^bits. For bits ≤ 27 that
    /// is only x = p − 1 (probability 2^−31), so the result is Plonky3's <c>sample_bits</c> except then;
    /// for 28 to 30 bits, where plain masking would be visibly biased, rejection happens up to about
    /// half the time.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside 0..30.</exception>
    public int SampleBits(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxSampleBits);
        return _state.SampleBits(bits);
    }

    /// <summary>
    /// The verifier's proof-of-work check: observes <paramref name="witness"/>, then samples
    /// <paramref name="bits"/> bits; true when they are all zero. The transcript advances either way.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside 0..30.</exception>
    public bool CheckWitness(int bits, BabyBear witness)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxSampleBits);
        return _state.CheckWitness(bits, witness);
    }

    /// <summary>
    /// The prover's proof of work: the smallest witness (by canonical value) that passes
    /// <see cref="CheckWitness"/>, searched in batches on all SIMD lanes and cores; the transcript
    /// then advances exactly as the verifier's check will. Expected work: 2^bits permutations.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is outside 0..30.</exception>
    public BabyBear Grind(int bits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, MaxSampleBits);
        var witness = BabyBear.FromCanonical(FindWitness(_state, bits));
        if (!_state.CheckWitness(bits, witness))
        {
            throw new InvalidOperationException("The witness found by the search does not pass the check on the transcript it came from.");
        }

        return witness;
    }

    /// <summary>
    /// Tries witnesses 0, 1, 2, … in batches: observing w and sampling costs exactly one permutation
    /// of the current sponge state with the pending inputs and then w written over its prefix, so a
    /// batch of such states runs through the multi-lane permutation at once, and the first that
    /// passes is the smallest.
    /// </summary>
    private static uint FindWitness(in DuplexState start, int bits)
    {
        var batch = Math.Clamp(1 << Math.Max(bits - 4, 0), 64, GrindBatch);

        // Pooled: a proof grinds four times, and a fresh batch was 256 KB of garbage each time.
        var states = ArrayPool<BabyBear>.Shared.Rent(batch * Width);
        try
        {
            return Search(start, bits, batch, states);
        }
        finally
        {
            ArrayPool<BabyBear>.Shared.Return(states);
        }
    }

    private static uint Search(in DuplexState start, int bits, int batch, BabyBear[] states)
    {
        Span<BabyBear> template = stackalloc BabyBear[Width];
        var slot = start.WitnessTemplate(template);
        var bound = (BabyBear.Modulus >> bits) << bits;
        var mask = (1u << bits) - 1;
        for (long first = 0; first < BabyBear.Modulus; first += batch)
        {
            var count = (int)Math.Min(batch, BabyBear.Modulus - first);
            var span = states.AsSpan(0, count * Width);
            for (var i = 0; i < count; i++)
            {
                var state = span.Slice(i * Width, Width);
                template.CopyTo(state);
                state[slot] = BabyBear.FromCanonical((uint)(first + i));
            }

            Poseidon2.PermuteMany(span, Width);
            for (var i = 0; i < count; i++)
            {
                var witness = (uint)(first + i);
                if (Passes(span.Slice(i * Width, Rate), bound, mask) ?? start.Copy().CheckWitness(bits, BabyBear.FromCanonical(witness)))
                {
                    return witness;
                }
            }
        }

        throw new InvalidOperationException($"No field element passes a {bits}-bit proof of work on this transcript.");
    }

    /// <summary>
    /// SampleBits(bits) == 0 on the outputs of one duplexing (taken from the end, rejecting as
    /// <see cref="SampleBits"/> does), or null when all eight are rejected and a second permutation
    /// would be needed.
    /// </summary>
    private static bool? Passes(ReadOnlySpan<BabyBear> outputs, uint bound, uint mask)
    {
        for (var j = Rate - 1; j >= 0; j--)
        {
            var x = outputs[j].ToCanonical();
            if (x < bound)
            {
                return (x & mask) == 0;
            }
        }

        return null;
    }
}
