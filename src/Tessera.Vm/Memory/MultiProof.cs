using Tessera.Hash;

namespace Tessera.Vm.Memory;

/// <summary>
/// A Merkle multi-proof for a set of pages: the siblings of their paths that are not themselves on
/// a path, level by level from the leaves up, ascending node number within a level. Shared path
/// nodes are sent once, so a segment's proof grows with the pages it touches, not with pages × depth.
/// </summary>
internal static class MultiProof
{
    public static List<long> SiblingIds(IReadOnlyList<uint> pages, int depth)
    {
        var ids = new List<long>();
        var level = new SortedSet<long>(pages.Select(p => (1L << depth) + p));
        for (var h = 0; h < depth; h++)
        {
            var parents = new SortedSet<long>();
            foreach (var id in level)
            {
                if (!level.Contains(id ^ 1))
                {
                    ids.Add(id ^ 1);
                }

                parents.Add(id >> 1);
            }

            level = parents;
        }

        return ids;
    }

    /// <summary>Recomputes the root from page leaves and the proof's siblings.</summary>
    /// <exception cref="InvalidSegmentException">The proof has the wrong number of siblings.</exception>
    public static Digest Root(IReadOnlyDictionary<uint, Digest> leaves, IReadOnlyList<Digest> siblings, int depth)
    {
        var known = new SortedDictionary<long, Digest>();
        foreach (var (page, leaf) in leaves)
        {
            known[(1L << depth) + page] = leaf;
        }

        var next = 0;
        for (var h = 0; h < depth; h++)
        {
            var parents = new SortedDictionary<long, Digest>();
            foreach (var (id, digest) in known)
            {
                if ((id & 1) == 1 && known.ContainsKey(id ^ 1))
                {
                    continue; // handled with its left sibling
                }

                Digest sibling;
                if (known.TryGetValue(id ^ 1, out var s))
                {
                    sibling = s;
                }
                else
                {
                    if (next >= siblings.Count)
                    {
                        throw new InvalidSegmentException("Merkle proof has too few siblings");
                    }

                    sibling = siblings[next++];
                }

                parents[id >> 1] = (id & 1) == 0 ? StateHasher.Node(digest, sibling) : StateHasher.Node(sibling, digest);
            }

            known = parents;
        }

        if (next != siblings.Count)
        {
            throw new InvalidSegmentException("Merkle proof has too many siblings");
        }

        return known.Count == 1 ? known[1] : throw new InvalidSegmentException("Merkle proof does not reach a single root");
    }
}
