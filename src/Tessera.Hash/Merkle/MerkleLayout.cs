namespace Tessera.Hash.Merkle;

/// <summary>
/// The shape of one Merkle commitment, shared by committer and verifier: the tallest height, and
/// for each distinct height the matrices of that height in the order they were given.
/// </summary>
internal sealed class MerkleLayout
{
    /// <summary>Heights above this would let row indices overflow an <see cref="int"/>.</summary>
    public const int MaxLogHeight = 30;

    private readonly int[] _groupAtLevel;

    private MerkleLayout(int logHeight, HeightGroup[] groups, int[] groupAtLevel)
    {
        LogHeight = logHeight;
        Groups = groups;
        _groupAtLevel = groupAtLevel;
    }

    /// <summary>log2 of the tallest height: the number of levels above the leaves.</summary>
    public int LogHeight { get; }

    /// <summary>The tallest height: the number of leaves.</summary>
    public int Height => 1 << LogHeight;

    /// <summary>Matrices grouped by height, tallest first.</summary>
    public HeightGroup[] Groups { get; }

    /// <summary>The group injected at <paramref name="level"/> (0 = leaves), or null.</summary>
    public HeightGroup? GroupAt(int level) => _groupAtLevel[level] < 0 ? null : Groups[_groupAtLevel[level]];

    /// <summary>Builds the layout, or says why the dimensions cannot describe a commitment.</summary>
    public static MerkleVerificationFailure TryCreate(ReadOnlySpan<MatrixDimensions> dimensions, out MerkleLayout? layout)
    {
        layout = null;
        if (dimensions.Length == 0 || dimensions.Length > MerkleOpening.MaxMatrices)
        {
            return MerkleVerificationFailure.InvalidDimensions;
        }

        var logHeight = 0;
        foreach (var d in dimensions)
        {
            if (d.Width <= 0 || d.Width > MerkleOpening.MaxRowWidth
                || d.Height <= 0 || !int.IsPow2(d.Height) || d.Height > (1 << MaxLogHeight))
            {
                return MerkleVerificationFailure.InvalidDimensions;
            }

            logHeight = Math.Max(logHeight, int.Log2(d.Height));
        }

        var groupAtLevel = new int[logHeight + 1];
        Array.Fill(groupAtLevel, -1);
        var groups = new List<HeightGroup>();
        for (var level = 0; level <= logHeight; level++)
        {
            var height = 1 << (logHeight - level);
            var members = new List<int>();
            var totalWidth = 0;
            for (var i = 0; i < dimensions.Length; i++)
            {
                if (dimensions[i].Height == height)
                {
                    members.Add(i);
                    totalWidth += dimensions[i].Width;
                }
            }

            if (members.Count > 0)
            {
                groupAtLevel[level] = groups.Count;
                groups.Add(new HeightGroup(height, level, [.. members], totalWidth));
            }
        }

        layout = new MerkleLayout(logHeight, [.. groups], groupAtLevel);
        return MerkleVerificationFailure.None;
    }
}

/// <summary>The matrices of one height, injected at one level of the tree.</summary>
/// <param name="Height">Their height, which is the size of the level.</param>
/// <param name="Level">The level (0 = leaves) whose nodes absorb their row digests.</param>
/// <param name="Members">Their positions in the committed list, in that list's order.</param>
/// <param name="TotalWidth">The sum of their widths: the length of the hashed row.</param>
internal sealed record HeightGroup(int Height, int Level, int[] Members, int TotalWidth);
