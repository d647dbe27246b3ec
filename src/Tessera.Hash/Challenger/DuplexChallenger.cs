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

    /// <summary>Candidate nonces each core tries per round of the grinding search.</summary>
    private const int GrindBlockPerCore = 4096;

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
    /// <see cref="CheckWitness"/>, searched on all cores over copies of the transcript; the transcript
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

    private static uint FindWitness(DuplexState start, int bits)
    {
        var workers = Environment.ProcessorCount;
        var round = (long)GrindBlockPerCore * workers;
        for (long roundStart = 0; roundStart < BabyBear.Modulus; roundStart += round)
        {
            // Each core scans its own contiguous range upwards and stops at its first hit (or once past
            // a smaller hit from another core), so the minimum over cores is the smallest witness.
            var best = long.MaxValue;
            Parallel.For(0, workers, w =>
            {
                var lo = roundStart + ((long)w * GrindBlockPerCore);
                var hi = Math.Min(lo + GrindBlockPerCore, BabyBear.Modulus);
                for (var n = lo; n < hi && n < Volatile.Read(ref best); n++)
                {
                    var candidate = start;
                    if (candidate.CheckWitness(bits, BabyBear.FromCanonical((uint)n)))
                    {
                        InterlockedMin(ref best, n);
                        break;
                    }
                }
            });

            if (best != long.MaxValue)
            {
                return (uint)best;
            }
        }

        throw new InvalidOperationException($"No field element passes a {bits}-bit proof of work on this transcript.");
    }

    private static void InterlockedMin(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
