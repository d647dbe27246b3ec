using System.Runtime.Intrinsics;

using Tessera.Field;
using Tessera.Stark.Air;
using Tessera.Stark.Tests.Airs;

namespace Tessera.Stark.Tests;

public sealed class PackedProgramTests
{
    public static TheoryData<string> Tables => new() { "fib", "memory", "memory boundary", "bytes", "range" };

    private static CompiledAir Table(string name)
    {
        var airs = MemoryWitness.Airs().Concat([new FibonacciAir(), new RangeCheckedAir()]).ToArray();
        return new Machine(airs).Tables.Single(t => t.Name == name);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Packed_evaluation_matches_the_extension_evaluator_on_every_path(string name)
    {
        var table = Table(name);
        const int rows = 64, shift = 4;
        var rng = new Random(name.Length);
        BabyBear[] Col(int cols) => [.. Enumerable.Range(0, cols * rows).Select(_ => TestRandom.Base(rng))];
        var inputs = new QuotientInputs
        {
            Rows = rows,
            NextShift = shift,
            Main = Col(table.Air.Width),
            Preprocessed = Col(table.Air.PreprocessedWidth),
            Aux = Col(4 * table.AuxWidth),
            IsFirstRow = Col(1),
            IsLastRow = Col(1),
            IsTransition = Col(1),
            Publics = Col(table.Air.PublicValueCount / rows + 1)[..table.Air.PublicValueCount],
            Challenges = [.. Enumerable.Range(0, 8).Select(_ => TestRandom.Ext(rng))],
            CumulativeSum = TestRandom.Ext(rng),
            ConstraintWeights = [.. table.Constraints.Select(_ => TestRandom.Ext(rng))],
        };

        // Oracle: the extension evaluator, row by row, folding with the same weights.
        var program = table.Program;
        var expected = new BabyBear4[rows];
        var scratch = new BabyBear4[program.Nodes.Length];
        var values = new BabyBear4[program.Roots.Length];
        for (var row = 0; row < rows; row++)
        {
            var next = (row + shift) % rows;
            BabyBear4[] Pick(BabyBear[] data, int cols, int r) => [.. Enumerable.Range(0, cols).Select(c => (BabyBear4)data[(c * rows) + r])];
            BabyBear4[] PickAux(int r) => [.. Enumerable.Range(0, table.AuxWidth).Select(j =>
                new BabyBear4(inputs.Aux[(4 * j * rows) + r], inputs.Aux[(((4 * j) + 1) * rows) + r],
                    inputs.Aux[(((4 * j) + 2) * rows) + r], inputs.Aux[(((4 * j) + 3) * rows) + r]))];
            var leaves = new ExtLeaves
            {
                MainLocal = Pick(inputs.Main, table.Air.Width, row),
                MainNext = Pick(inputs.Main, table.Air.Width, next),
                PreprocessedLocal = Pick(inputs.Preprocessed, table.Air.PreprocessedWidth, row),
                PreprocessedNext = Pick(inputs.Preprocessed, table.Air.PreprocessedWidth, next),
                AuxLocal = PickAux(row),
                AuxNext = PickAux(next),
                Publics = inputs.Publics,
                Challenges = inputs.Challenges,
                CumulativeSum = inputs.CumulativeSum,
                IsFirstRow = inputs.IsFirstRow[row],
                IsLastRow = inputs.IsLastRow[row],
                IsTransition = inputs.IsTransition[row],
            };
            program.EvalExt(leaves, scratch, values);
            for (var c = 0; c < values.Length; c++)
            {
                expected[row] += inputs.ConstraintWeights[c] * values[c];
            }
        }

        var packed = PackedProgram.Compile(program);
        var paths = new List<Func<BabyBear[][]>> { () => Run<uint, LanesScalar>(packed, inputs) };
        if (Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx2.IsSupported)
        {
            paths.Add(() => Run<Vector256<uint>, Lanes256>(packed, inputs));
        }

        if (BabyBearVector.Path == SimdPath.Avx512)
        {
            paths.Add(() => Run<Vector512<uint>, Lanes512>(packed, inputs));
        }

        paths.Add(() =>
        {
            var o = Planes(rows);
            packed.Evaluate(inputs, 0, rows, o);
            return o;
        });

        foreach (var path in paths)
        {
            var o = path();
            for (var row = 0; row < rows; row++)
            {
                Assert.Equal(expected[row], new BabyBear4(o[0][row], o[1][row], o[2][row], o[3][row]));
            }
        }
    }

    private static BabyBear[][] Planes(int rows) => [new BabyBear[rows], new BabyBear[rows], new BabyBear[rows], new BabyBear[rows]];

    private static BabyBear[][] Run<TV, TL>(PackedProgram p, QuotientInputs inputs)
        where TV : struct
        where TL : ILanes<TV>
    {
        var o = Planes(inputs.Rows);
        p.Run<TV, TL>(inputs, 0, inputs.Rows, o);
        return o;
    }

    [Fact]
    public void Register_reuse_keeps_the_file_smaller_than_the_node_count()
    {
        var table = Table("memory");
        var packed = PackedProgram.Compile(table.Program);
        var slots = table.Program.Nodes.Sum(n => n.IsExt ? 4 : 1);
        Assert.True(packed.Registers < slots, $"{packed.Registers} registers for {slots} node slots");
    }
}
