using System.Runtime.Intrinsics;

using Tessera.Field;
using Tessera.Poly;
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
        var main = Col(table.Air.Width);
        var preprocessed = Col(table.Air.PreprocessedWidth);
        var auxPlanes = Col(4 * table.AuxWidth);
        var isFirst = Col(1);
        var isLast = Col(1);
        var isTransition = Col(1);
        var inputs = new QuotientInputs
        {
            Publics = Col(table.Air.PublicValueCount / rows + 1)[..table.Air.PublicValueCount],
            Challenges = [.. Enumerable.Range(0, 8).Select(_ => TestRandom.Ext(rng))],
            SumShare = TestRandom.Ext(rng),
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
                new BabyBear4(auxPlanes[(4 * j * rows) + r], auxPlanes[(((4 * j) + 1) * rows) + r],
                    auxPlanes[(((4 * j) + 2) * rows) + r], auxPlanes[(((4 * j) + 3) * rows) + r]))];
            var leaves = new ExtLeaves
            {
                MainLocal = Pick(main, table.Air.Width, row),
                MainNext = Pick(main, table.Air.Width, next),
                PreprocessedLocal = Pick(preprocessed, table.Air.PreprocessedWidth, row),
                PreprocessedNext = Pick(preprocessed, table.Air.PreprocessedWidth, next),
                AuxLocal = PickAux(row),
                AuxNext = PickAux(next),
                Publics = inputs.Publics,
                Challenges = inputs.Challenges,
                SumShare = inputs.SumShare,
                IsFirstRow = isFirst[row],
                IsLastRow = isLast[row],
                IsTransition = isTransition[row],
            };
            program.EvalExt(leaves, scratch, values);
            for (var c = 0; c < values.Length; c++)
            {
                expected[row] += inputs.ConstraintWeights[c] * values[c];
            }
        }

        // The evaluator reads windows loaded from row-major LDEs in bit-reversed row order.
        var logRows = int.Log2(rows);
        var mainLde = BitReversedRows(main, table.Air.Width, logRows)!;
        var preLde = BitReversedRows(preprocessed, table.Air.PreprocessedWidth, logRows);
        var auxLde = BitReversedRows(auxPlanes, 4 * table.AuxWidth, logRows);
        var packed = PackedProgram.Compile(program);
        foreach (var capacity in new[] { 16, rows })
        {
            BabyBear[][] Windowed(Action<QuotientWindow, BabyBear[][], int> run)
            {
                var o = Planes(rows);
                var win = new QuotientWindow(capacity, shift, table.Air.Width, table.Air.PreprocessedWidth, 4 * table.AuxWidth)
                {
                    Rows = capacity,
                };
                for (var start = 0; start < rows; start += capacity)
                {
                    win.Load(mainLde, logRows, start, win.Main);
                    if (preLde is not null)
                    {
                        win.Load(preLde, logRows, start, win.Preprocessed);
                    }

                    if (auxLde is not null)
                    {
                        win.Load(auxLde, logRows, start, win.Aux);
                    }

                    isFirst.AsSpan(start, capacity).CopyTo(win.IsFirstRow);
                    isLast.AsSpan(start, capacity).CopyTo(win.IsLastRow);
                    isTransition.AsSpan(start, capacity).CopyTo(win.IsTransition);
                    run(win, o, start);
                }

                return o;
            }

            var paths = new List<Func<BabyBear[][]>> { () => Windowed((w, o, s) => packed.Run<uint, LanesScalar>(inputs, w, o, s)) };
            if (Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                paths.Add(() => Windowed((w, o, s) => packed.Run<Vector256<uint>, Lanes256>(inputs, w, o, s)));
            }

            if (BabyBearVector.Path == SimdPath.Avx512)
            {
                paths.Add(() => Windowed((w, o, s) => packed.Run<Vector512<uint>, Lanes512>(inputs, w, o, s)));
            }

            paths.Add(() => Windowed((w, o, s) => packed.Evaluate(inputs, w, o, s)));
            foreach (var path in paths)
            {
                var o = path();
                for (var row = 0; row < rows; row++)
                {
                    Assert.Equal(expected[row], new BabyBear4(o[0][row], o[1][row], o[2][row], o[3][row]));
                }
            }
        }
    }

    private static BabyBear[][] Planes(int rows) => [new BabyBear[rows], new BabyBear[rows], new BabyBear[rows], new BabyBear[rows]];

    /// <summary>Column-major data as a row-major matrix whose row reverse(i) holds natural row i.</summary>
    private static RowMajorMatrix? BitReversedRows(BabyBear[] columns, int width, int logRows)
    {
        if (width == 0)
        {
            return null;
        }

        var rows = 1 << logRows;
        var m = new RowMajorMatrix(width, rows);
        for (var c = 0; c < width; c++)
        {
            for (var i = 0; i < rows; i++)
            {
                m[BitReversal.Reverse(i, logRows), c] = columns[(c * rows) + i];
            }
        }

        return m;
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
