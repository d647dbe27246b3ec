using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Debugging;

using static Tessera.Circuit.Tests.Poseidon2Fixtures;

namespace Tessera.Circuit.Tests;

public sealed class Poseidon2ConstraintTests
{
    /// <summary>A cell to corrupt (on row 3 of 8) and the first constraint that must then fail.</summary>
    public sealed record Corruption(string Kind, int Column, string Constraint);

    // The first failure follows the constraint order: a round's cubes, then its states. Every input
    // reaches every element of the first round through the dense M_E, so cube 0 fails first.
    public static readonly Corruption[] Corruptions =
    [
        new("input", Poseidon2Air.InputColumn(5), "full 0: cube 0"),
        new("first-half cube", Poseidon2Air.FullCubeColumn(2, 5), "full 2: cube 5"),
        new("first-half state", Poseidon2Air.FullPostColumn(1, 7), "full 1: state 7"),
        new("partial cube", Poseidon2Air.PartialCubeColumn(4), "partial 4: cube"),
        new("partial output", Poseidon2Air.PartialOutputColumn(6), "partial 6: x^7"),
        new("second-half cube", Poseidon2Air.FullCubeColumn(5, 0), "full 5: cube 0"),
        new("second-half state", Poseidon2Air.FullPostColumn(6, 15), "full 6: state 15"),
        new("output", Poseidon2Air.OutputColumn(11), "full 7: state 11"),
    ];

    public static TheoryData<int> CorruptionIndices => [.. Enumerable.Range(0, Corruptions.Length)];

    public const int CorruptRow = 3;

    public static TableWitness Corrupted(int index)
    {
        var w = Poseidon2Air.Witness(RandomInputs(8, 11));
        w.Main[CorruptRow, Corruptions[index].Column] += BabyBear.One;
        return w;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    public void Honest_traces_pass_the_debug_checker(int count)
    {
        var inputs = RandomInputs(count - 1, count).Append(State(KatInput)).ToArray();
        DebugChecker.Check(new Machine(new Poseidon2Air()), [Poseidon2Air.Witness(inputs)]);
    }

    [Fact]
    public void Padding_rows_alone_pass_the_debug_checker()
    {
        // The zero state's permutation, with weight 0, is what pads every table.
        DebugChecker.Check(new Machine(new Poseidon2Air()), [Poseidon2Air.Witness([new BabyBear[16], new BabyBear[16]])]);
    }

    [Theory]
    [MemberData(nameof(CorruptionIndices))]
    public void One_corrupted_cell_is_caught_naming_its_constraint(int index)
    {
        var e = Assert.Throws<ConstraintViolationException>(
            () => DebugChecker.Check(new Machine(new Poseidon2Air()), [Corrupted(index)]));
        Assert.Equal(Corruptions[index].Constraint, e.ConstraintName);
        Assert.Equal(CorruptRow, e.Row);
        Assert.Equal("poseidon2", e.Table);
    }

    [Fact]
    public void Every_constraint_has_degree_at_most_3()
    {
        var table = new Machine(new Poseidon2Air()).Tables[0];
        Assert.All(table.Constraints, c => Assert.InRange(c.Degree, 1, 3));
        Assert.Equal(3, table.MaxDegree);
        Assert.Equal(1, table.LogQuotientFactor);

        // Per full round 16 cubes + 16 states, per partial round a cube and an S-box output.
        Assert.Equal((8 * 32) + (13 * 2), table.AirConstraintCount);
    }
}
