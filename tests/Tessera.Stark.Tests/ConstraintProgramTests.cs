using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Tests;

public sealed class ConstraintProgramTests
{
    /// <summary>An AIR whose constraints use every base-field leaf and operation.</summary>
    private sealed class EveryLeafAir : IAir
    {
        private readonly Trace _pre;

        public EveryLeafAir(Trace pre) => _pre = pre;

        public string Name => "every-leaf";

        public int Width => 3;

        public int PreprocessedWidth => 2;

        public int PublicValueCount => 2;

        public Trace? Preprocessed() => _pre;

        public void Eval(AirBuilder b)
        {
            b.AssertZero("mix", (b.Main(0) * b.MainNext(1)) - b.Preprocessed(1) + (7 * b.Public(1)));
            b.AssertZero("neg", -(b.MainNext(2) + b.PreprocessedNext(0)));
            b.AssertZeroFirst("first", b.Main(1) - b.Public(0));
            b.AssertZeroLast("last", b.Main(2) * b.Main(2));
            b.AssertZeroTransition("step", b.MainNext(0) - b.Main(1) - 3);
            b.AssertZero("constant", Expr.Const(5));
        }
    }

    [Theory]
    [InlineData(64, 1)]
    [InlineData(64, 16)]
    [InlineData(64, 64)]
    [InlineData(16, 8)]
    public void Block_evaluation_matches_row_by_row_evaluation(int height, int block)
    {
        // Oracle: the row-at-a-time interpreter on copied rows.
        var rng = new Random(height + block);
        var main = RandomTrace(rng, 3, height);
        var pre = RandomTrace(rng, 2, height);
        BabyBear[] publics = [TestRandom.Base(rng), TestRandom.Base(rng)];
        var table = new Machine(new EveryLeafAir(pre)).Tables[0];
        var program = table.AirProgram;
        var leaves = new BaseLeaves { Publics = publics };
        var scratch = new BabyBear[program.Nodes.Length];
        var expected = new BabyBear[program.Roots.Length];
        var values = new BabyBear[program.Nodes.Length * block];
        for (var r0 = 0; r0 < height; r0 += block)
        {
            Array.Fill(values, BabyBear.FromUInt32(12345)); // stale values must be overwritten
            program.EvalBaseBlock(main, pre, publics, r0, block, values);
            for (var row = 0; row < block; row++)
            {
                RowLeaves.Fill(leaves, main, pre, r0 + row);
                program.EvalBase(leaves, scratch, expected);
                for (var r = 0; r < expected.Length; r++)
                {
                    Assert.Equal(expected[r], values[(program.Roots[r] * block) + row]);
                }
            }
        }
    }

    private static Trace RandomTrace(Random rng, int width, int height)
    {
        var t = new Trace(width, height);
        for (var i = 0; i < t.Values.Length; i++)
        {
            t.Values[i] = TestRandom.Base(rng);
        }

        return t;
    }
}
