namespace Tessera.Hash.Merkle;

/// <summary>The distinct node sets of a batch opening, level by level, shared by committer and verifier.</summary>
internal static class MerkleBatchShape
{
    /// <summary>The distinct values of <paramref name="indices"/> in ascending order.</summary>
    public static int[] SortedDistinct(ReadOnlySpan<int> indices)
    {
        var sorted = indices.ToArray();
        Array.Sort(sorted);
        var n = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            if (n == 0 || sorted[n - 1] != sorted[i])
            {
                sorted[n++] = sorted[i];
            }
        }

        return sorted[..n];
    }

    /// <summary>The distinct parents (i >> 1) of an ascending distinct node list, ascending.</summary>
    public static int[] Parents(int[] nodes)
    {
        var parents = new int[nodes.Length];
        var n = 0;
        foreach (var i in nodes)
        {
            if (n == 0 || parents[n - 1] != i >> 1)
            {
                parents[n++] = i >> 1;
            }
        }

        return parents[..n];
    }
}
