using Tessera.Field;

namespace Tessera.Poly.Tests;

public class RowMajorMatrixTests
{
    [Fact]
    public void Rows_columns_and_indexer_address_the_same_elements()
    {
        var m = new RowMajorMatrix(3, 4);
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                m[r, c] = BabyBear.FromCanonical((uint)((r * 10) + c));
            }
        }

        Assert.Equal(BabyBear.FromCanonical(21), m.Row(2)[1]);
        Assert.Equal(BabyBear.FromCanonical(21), m.Values[7]);
        Assert.Equal(new uint[] { 2, 12, 22, 32 }, m.GetColumn(2).Select(x => x.ToCanonical()));
        m.SetColumn(0, new[] { BabyBear.One, BabyBear.One, BabyBear.One, BabyBear.One });
        Assert.Equal(BabyBear.One, m[3, 0]);
    }

    [Fact]
    public void Transpose_swaps_indices_and_round_trips()
    {
        var rng = new Random(17);
        var m = Oracle.RandomMatrix(rng, 37, 45);
        var t = m.Transpose();
        Assert.Equal((45, 37), (t.Width, t.Height));
        Assert.Equal(m[44, 36], t[36, 44]);
        Assert.Equal(m[3, 30], t[30, 3]);
        Assert.Equal(m.Values, t.Transpose().Values);
    }

    [Fact]
    public void From_columns_builds_the_same_matrix()
    {
        var rng = new Random(18);
        var m = Oracle.RandomMatrix(rng, 5, 8);
        var rebuilt = RowMajorMatrix.FromColumns(Enumerable.Range(0, 5).Select(m.GetColumn).ToArray());
        Assert.Equal(m.Values, rebuilt.Values);
    }

    [Fact]
    public void Bad_shapes_and_indices_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RowMajorMatrix(0, 4));
        Assert.Throws<ArgumentException>(() => new RowMajorMatrix(new BabyBear[10], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RowMajorMatrix(1 << 16, 1 << 16));
        var m = new RowMajorMatrix(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Row(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => m[0, 2]);
        Assert.Throws<ArgumentException>(() => m.SetColumn(0, new BabyBear[3]));
        Assert.Throws<ArgumentException>(() => RowMajorMatrix.FromColumns([new BabyBear[2], new BabyBear[3]]));
    }
}
