using Tessera.Field;

namespace Tessera.Poly.Tests;

public class MatrixNttTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(12)]
    [InlineData(44)]
    public void Forward_matches_naive_dft_per_column(int width)
    {
        var rng = new Random(width);
        for (var log = 0; log <= 9; log++)
        {
            var m = Oracle.RandomMatrix(rng, width, 1 << log);
            var expected = Enumerable.Range(0, width).Select(c => Oracle.ForwardDft(m.GetColumn(c))).ToArray();
            Ntt.Forward(m);
            for (var c = 0; c < width; c++)
            {
                Assert.Equal(expected[c], m.GetColumn(c));
            }
        }
    }

    [Theory]
    [InlineData(3, 10)]
    [InlineData(64, 10)]
    [InlineData(8, 10)]
    public void Inverse_matches_naive_inverse_dft_per_column(int width, int log)
    {
        var rng = new Random(width + log);
        var m = Oracle.RandomMatrix(rng, width, 1 << log);
        var columns = new[] { 0, width / 2, width - 1 };
        var expected = columns.Select(c => Oracle.InverseDft(m.GetColumn(c))).ToArray();
        Ntt.Inverse(m);
        for (var i = 0; i < columns.Length; i++)
        {
            Assert.Equal(expected[i], m.GetColumn(columns[i]));
        }
    }

    [Fact]
    public void Wide_rows_take_several_passes_and_still_match_naive()
    {
        // 300 columns × 512 rows: a group of the cache budget holds only 2^7 rows, so the transform
        // runs as two passes, the first through the strided scratch copy.
        var rng = new Random(7);
        var m = Oracle.RandomMatrix(rng, 300, 512);
        var columns = new[] { 0, 1, 150, 299 };
        var expected = columns.Select(c => Oracle.ForwardDft(m.GetColumn(c))).ToArray();
        Ntt.Forward(m);
        for (var i = 0; i < columns.Length; i++)
        {
            Assert.Equal(expected[i], m.GetColumn(columns[i]));
        }
    }

    [Theory]
    [InlineData(64, 12)]
    [InlineData(20, 14)]
    [InlineData(8, 14)]
    public void Matrix_transform_equals_the_single_column_transform(int width, int log)
    {
        var rng = new Random(8);
        var m = Oracle.RandomMatrix(rng, width, 1 << log);
        var columns = Enumerable.Range(0, width).Select(m.GetColumn).ToArray();
        Ntt.Forward(m);
        for (var c = 0; c < width; c++)
        {
            Ntt.Forward(columns[c]);
            Assert.Equal(columns[c], m.GetColumn(c));
        }
    }

    [Theory]
    [InlineData(16, 16)]
    [InlineData(5, 13)]
    public void Inverse_undoes_forward(int width, int log)
    {
        var rng = new Random(9);
        var m = Oracle.RandomMatrix(rng, width, 1 << log);
        var copy = m.Clone();
        Ntt.Forward(m);
        Assert.NotEqual(copy.Values, m.Values);
        Ntt.Inverse(m);
        Assert.Equal(copy.Values, m.Values);
    }

    [Fact]
    public void Single_thread_and_parallel_agree()
    {
        var rng = new Random(10);
        var a = Oracle.RandomMatrix(rng, 24, 1 << 12);
        var b = a.Clone();
        Ntt.Forward(a, maxDegreeOfParallelism: 1);
        Ntt.Forward(b);
        Assert.Equal(a.Values, b.Values);
    }

    [Fact]
    public void Random_shapes_roundtrip_and_match_horner() =>
        CsCheck.Check.Sample(CsCheck.Gen.Select(CsCheck.Gen.Int[1, 40], CsCheck.Gen.Int[0, 11], CsCheck.Gen.Int), t =>
        {
            var (width, log, seed) = t;
            var rng = new Random(seed);
            var m = Oracle.RandomMatrix(rng, width, 1 << log);
            var copy = m.Clone();
            Ntt.Forward(m);
            var c = rng.Next(width);
            var i = rng.Next(1 << log);
            var x = BabyBear.TwoAdicGenerator(log).Pow((ulong)i);
            Assert.Equal(Oracle.Horner(copy.GetColumn(c), x), m[i, c]);
            Ntt.Inverse(m);
            Assert.Equal(copy.Values, m.Values);
        }, iter: 60);
}
