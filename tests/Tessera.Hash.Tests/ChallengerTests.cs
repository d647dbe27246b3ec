using Tessera.Field;
using Tessera.Hash.Challenger;

namespace Tessera.Hash.Tests;

public class ChallengerTests
{
    [Fact]
    public void First_sample_after_three_observations_is_state_7_of_one_permutation_then_state_6()
    {
        var values = TestData.RandomElements(new Random(1), 3);
        var challenger = new DuplexChallenger();
        challenger.Observe(values);
        var state = new BabyBear[16];
        values.CopyTo(state, 0);
        Poseidon2.Permute(state);
        Assert.Equal(state[7], challenger.Sample());
        Assert.Equal(state[6], challenger.Sample());
    }

    [Fact]
    public void Sponge_absorbs_exactly_as_a_hand_rolled_duplex()
    {
        var rng = new Random(2);
        for (var script = 0; script < 40; script++)
        {
            var challenger = new DuplexChallenger();
            var reference = new HandRolledDuplex();
            for (var step = 0; step < 12; step++)
            {
                var observations = rng.Next(0, 20);
                foreach (var v in TestData.RandomElements(rng, observations))
                {
                    challenger.Observe(v);
                    reference.Observe(v);
                }

                var samples = rng.Next(0, 12);
                for (var s = 0; s < samples; s++)
                {
                    Assert.Equal(reference.Sample(), challenger.Sample());
                }
            }
        }
    }

    [Fact]
    public void Same_transcript_gives_same_samples_and_a_clone_is_independent()
    {
        var values = TestData.RandomElements(new Random(3), 11);
        var a = new DuplexChallenger();
        var b = new DuplexChallenger();
        a.Observe(values);
        b.Observe(values);
        var clone = a.Clone();
        clone.Observe(BabyBear.One);
        _ = clone.Sample();
        Assert.Equal(b.SampleExtension(), a.SampleExtension());
        Assert.Equal(b.SampleBits(20), a.SampleBits(20));
    }

    [Fact]
    public void Observing_a_different_value_anywhere_changes_the_samples()
    {
        var values = TestData.RandomElements(new Random(4), 13);
        var baseline = Samples(values);
        for (var i = 0; i < values.Length; i++)
        {
            var changed = (BabyBear[])values.Clone();
            changed[i] += BabyBear.One;
            Assert.NotEqual(baseline, Samples(changed));
        }

        Assert.NotEqual(baseline, Samples(values[..^1]));
        Assert.NotEqual(baseline, Samples([.. values[1..], values[0]]));

        static BabyBear[] Samples(BabyBear[] observed)
        {
            var c = new DuplexChallenger();
            c.Observe(observed);
            return [c.Sample(), c.Sample()];
        }
    }

    [Fact]
    public void Extension_digest_and_span_observations_are_their_elements_in_order()
    {
        var e = TestData.RandomElements(new Random(5), 12);
        var ext = new BabyBear4(e[0], e[1], e[2], e[3]);
        var digest = new Digest(e.AsSpan(4, 8));

        var structured = new DuplexChallenger();
        structured.Observe(ext);
        structured.Observe(digest);
        var elementwise = new DuplexChallenger();
        foreach (var x in e)
        {
            elementwise.Observe(x);
        }

        var probe = elementwise.Clone();
        var sampled = new BabyBear4(probe.Sample(), probe.Sample(), probe.Sample(), probe.Sample());
        Assert.Equal(sampled, structured.SampleExtension());
    }

    [Fact]
    public void SampleBits_is_in_range_and_the_low_bits_of_an_accepted_sample()
    {
        var challenger = new DuplexChallenger();
        challenger.Observe(BabyBear.FromCanonical(42));
        var rejections = 0;
        for (var round = 0; round < 400; round++)
        {
            var bits = round % 31;
            var probe = challenger.Clone();
            var bound = (BabyBear.Modulus >> bits) << bits;
            uint x;
            while ((x = probe.Sample().ToCanonical()) >= bound)
            {
                rejections++;
            }

            var result = challenger.SampleBits(bits);
            Assert.InRange(result, 0, (1L << bits) - 1);
            Assert.Equal((int)(x & ((1u << bits) - 1)), result);
            Assert.Equal(probe.Sample(), challenger.Sample());
        }

        // 28 to 30 bits reject often; the test must have exercised that path.
        Assert.True(rejections > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => challenger.SampleBits(31));
        Assert.Throws<ArgumentOutOfRangeException>(() => challenger.SampleBits(-1));
    }

    [Fact]
    public void SampleBits_of_30_covers_the_whole_range()
    {
        var challenger = new DuplexChallenger();
        var high = 0;
        for (var i = 0; i < 2000; i++)
        {
            if (challenger.SampleBits(30) >= 1 << 29)
            {
                high++;
            }
        }

        Assert.InRange(high, 850, 1150);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(13)]
    public void Grinding_finds_the_smallest_witness_the_verifier_accepts(int bits)
    {
        var prover = new DuplexChallenger();
        prover.Observe(TestData.RandomElements(new Random(6 + bits), 5));
        var verifier = prover.Clone();
        var start = prover.Clone();

        var witness = prover.Grind(bits);

        Assert.True(verifier.CheckWitness(bits, witness));
        Assert.Equal(prover.Sample(), verifier.Sample());
        Assert.Equal(witness, start.Clone().Grind(bits));
        for (uint n = 0; n < witness.ToCanonical(); n++)
        {
            Assert.False(start.Clone().CheckWitness(bits, BabyBear.FromCanonical(n)), $"nonce {n} is smaller and passes");
        }

        if (bits >= 8)
        {
            Assert.False(start.Clone().CheckWitness(bits, witness + BabyBear.One) && start.Clone().CheckWitness(bits, witness + BabyBear.One + BabyBear.One));
        }
    }

    [Fact]
    public void A_witness_for_one_transcript_fails_on_another()
    {
        var a = new DuplexChallenger();
        a.Observe(BabyBear.FromCanonical(1));
        var witness = a.Clone().Grind(12);
        var failures = 0;
        for (uint t = 2; t < 10; t++)
        {
            var b = new DuplexChallenger();
            b.Observe(BabyBear.FromCanonical(t));
            failures += b.CheckWitness(12, witness) ? 0 : 1;
        }

        Assert.True(a.CheckWitness(12, witness));
        Assert.True(failures >= 7);
    }

    /// <summary>
    /// Plonky3's duplex challenger written from its description, with lists and the public permutation:
    /// observe clears the outputs and absorbs at 8 pending; sample duplexes when inputs are pending or
    /// outputs ran out, and pops from the end of the outputs.
    /// </summary>
    private sealed class HandRolledDuplex
    {
        private readonly BabyBear[] _state = new BabyBear[16];
        private readonly List<BabyBear> _input = [];
        private readonly List<BabyBear> _output = [];

        public void Observe(BabyBear v)
        {
            _output.Clear();
            _input.Add(v);
            if (_input.Count == 8)
            {
                Duplex();
            }
        }

        public BabyBear Sample()
        {
            if (_input.Count > 0 || _output.Count == 0)
            {
                Duplex();
            }

            var last = _output[^1];
            _output.RemoveAt(_output.Count - 1);
            return last;
        }

        private void Duplex()
        {
            for (var i = 0; i < _input.Count; i++)
            {
                _state[i] = _input[i];
            }

            _input.Clear();
            Poseidon2.Permute(_state);
            _output.Clear();
            _output.AddRange(_state[..8]);
        }
    }
}
