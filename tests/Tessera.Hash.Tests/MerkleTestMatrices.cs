using Tessera.Field;
using Tessera.Hash.Merkle;

namespace Tessera.Hash.Tests;

/// <summary>Random matrices of chosen shapes for the Merkle tests.</summary>
internal static class MerkleTestMatrices
{
    /// <summary>Mixed heights, given out of height order, two sharing a height, one of height 1.</summary>
    public static readonly MatrixDimensions[] Mixed =
    [
        new(5, 1 << 8),
        new(3, 1 << 10),
        new(2, 1),
        new(17, 1 << 3),
        new(9, 1 << 8),
    ];

    public static MatrixView[] Random(int seed, params MatrixDimensions[] dimensions)
    {
        var rng = new Random(seed);
        var views = new MatrixView[dimensions.Length];
        for (var i = 0; i < dimensions.Length; i++)
        {
            var d = dimensions[i];
            views[i] = new MatrixView(TestData.RandomElements(rng, d.Width * d.Height), d.Width);
        }

        return views;
    }

    public static BabyBear[][] Rows(MerkleOpening opening) => [.. opening.Rows.Select(r => r.ToArray())];
}
