using Tessera.Field;

using static Tessera.Circuit.Tests.Poseidon2Fixtures;

namespace Tessera.Circuit.Tests;

public sealed class Poseidon2TraceTests
{
    [Fact]
    public void Trace_output_matches_Plonky3_known_answer()
    {
        var t = Poseidon2Air.Witness([State(KatInput)]).Main;
        Assert.Equal(KatExpected.Select(x => (ulong)x), Output(t, 0).Select(x => (ulong)x.ToCanonical()));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(300, 3)]
    public void Trace_outputs_match_the_permutation_on_random_inputs(int count, int seed)
    {
        var inputs = RandomInputs(count, seed);
        var t = Poseidon2Air.Witness(inputs).Main;
        Assert.Equal((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count), t.Height);
        Assert.Equal(Poseidon2Air.ColumnCount, t.Width);
        for (var r = 0; r < t.Height; r++)
        {
            var input = r < count ? inputs[r] : new BabyBear[Poseidon2Air.StateWidth];
            for (var i = 0; i < input.Length; i++)
            {
                Assert.Equal(input[i], t[r, Poseidon2Air.InputColumn(i)]);
            }

            Assert.Equal(Permuted(input), Output(t, r));
        }
    }

    [Fact]
    public void Multiplicities_go_to_their_column_and_padding_weighs_nothing()
    {
        var inputs = RandomInputs(3, 4);
        var t = Poseidon2Air.Witness(inputs, [BabyBear.FromUInt32(2), BabyBear.One, BabyBear.FromUInt32(7)]).Main;
        Assert.Equal(
            new ulong[] { 2, 1, 7, 0 },
            Enumerable.Range(0, 4).Select(r => (ulong)t[r, Poseidon2Air.MultiplicityColumn].ToCanonical()));
    }

    [Fact]
    public void Malformed_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Poseidon2Air.Witness([new BabyBear[15]]));
        Assert.Throws<ArgumentException>(() => Poseidon2Air.Witness(RandomInputs(2, 5), [BabyBear.One]));
    }

    [Fact]
    public void Column_layout_is_16_inputs_8_full_rounds_of_32_13_partial_rounds_of_2_and_a_multiplicity()
    {
        Assert.Equal(16 + (8 * 32) + (13 * 2) + 1, Poseidon2Air.ColumnCount);
        var all = new List<int>();
        for (var i = 0; i < 16; i++)
        {
            all.Add(Poseidon2Air.InputColumn(i));
        }

        for (var r = 0; r < 8; r++)
        {
            for (var i = 0; i < 16; i++)
            {
                all.Add(Poseidon2Air.FullCubeColumn(r, i));
                all.Add(Poseidon2Air.FullPostColumn(r, i));
            }
        }

        for (var r = 0; r < 13; r++)
        {
            all.Add(Poseidon2Air.PartialCubeColumn(r));
            all.Add(Poseidon2Air.PartialOutputColumn(r));
        }

        all.Add(Poseidon2Air.MultiplicityColumn);
        Assert.Equal(Enumerable.Range(0, Poseidon2Air.ColumnCount), all.Order());
        Assert.Equal(Poseidon2Air.FullPostColumn(7, 5), Poseidon2Air.OutputColumn(5));
    }
}
