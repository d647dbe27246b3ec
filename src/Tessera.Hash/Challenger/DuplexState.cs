using System.Runtime.CompilerServices;

using Tessera.Field;

namespace Tessera.Hash.Challenger;

/// <summary>
/// The whole state of a <see cref="DuplexChallenger"/> as a value: copying it clones the transcript,
/// which is what grinding does once per candidate nonce.
/// </summary>
internal struct DuplexState
{
    private SpongeState _sponge;
    private RateBuffer _input;
    private RateBuffer _output;
    private int _inputCount;
    private int _outputCount;

    /// <summary>Buffers <paramref name="value"/>; a full rate of pending values is absorbed at once.</summary>
    public void Observe(BabyBear value)
    {
        // Outputs squeezed before this observation must not be handed out after it.
        _outputCount = 0;
        _input[_inputCount++] = value;
        if (_inputCount == DuplexChallenger.Rate)
        {
            Duplex();
        }
    }

    /// <summary>Squeezes one element, absorbing pending observations first.</summary>
    public BabyBear Sample()
    {
        if (_inputCount > 0 || _outputCount == 0)
        {
            Duplex();
        }

        return _output[--_outputCount];
    }

    /// <summary>Bits sampled by rejection as documented on <see cref="DuplexChallenger.SampleBits"/>; bits in 0..30.</summary>
    public int SampleBits(int bits)
    {
        var bound = (BabyBear.Modulus >> bits) << bits;
        var mask = (1u << bits) - 1;
        while (true)
        {
            var x = Sample().ToCanonical();
            if (x < bound)
            {
                return (int)(x & mask);
            }
        }
    }

    /// <summary>Observes the witness and tells whether the next <paramref name="bits"/> sampled bits are zero.</summary>
    public bool CheckWitness(int bits, BabyBear witness)
    {
        Observe(witness);
        return SampleBits(bits) == 0;
    }

    /// <summary>A copy of this state (it is a value; the method only makes the copy explicit at call sites).</summary>
    public readonly DuplexState Copy() => this;

    /// <summary>
    /// Writes the state that the next duplexing would permute if one more element were observed, with
    /// that element left as it was in the sponge; returns its position (the number of pending inputs).
    /// </summary>
    public readonly int WitnessTemplate(Span<BabyBear> state)
    {
        ((ReadOnlySpan<BabyBear>)_sponge).CopyTo(state);
        ((ReadOnlySpan<BabyBear>)_input)[.._inputCount].CopyTo(state);
        return _inputCount;
    }

    /// <summary>Overwrites the rate's prefix with the pending inputs, permutes, refills the output from the rate.</summary>
    private void Duplex()
    {
        Span<BabyBear> sponge = _sponge;
        ((ReadOnlySpan<BabyBear>)_input)[.._inputCount].CopyTo(sponge);
        _inputCount = 0;
        Poseidon2.Permute(sponge);
        sponge[..DuplexChallenger.Rate].CopyTo(_output);
        _outputCount = DuplexChallenger.Rate;
    }

    [InlineArray(DuplexChallenger.Width)]
    private struct SpongeState
    {
        private BabyBear _element0;
    }

    [InlineArray(DuplexChallenger.Rate)]
    private struct RateBuffer
    {
        private BabyBear _element0;
    }
}
