using Tessera.Field;

namespace Tessera.Hash.Merkle;

/// <summary>
/// The batch hashing a Merkle tree needs, in one place so the tree code does not depend on how it is
/// done. Until the multi-lane batch API lands this hashes rows and pairs one at a time, across cores.
/// </summary>
internal static unsafe class MerkleHashing
{
    private const int Chunk = 256;

    /// <summary><c>digests[j] = Sponge(rows[j·rowLength ..][..rowLength])</c>.</summary>
    public static void HashRows(ReadOnlySpan<BabyBear> rows, int rowLength, Span<Digest> digests)
    {
        fixed (BabyBear* r = rows)
        fixed (Digest* d = digests)
        {
            var rp = (nint)r;
            var dp = (nint)d;
            var count = digests.Length;
            Parallel.For(0, (count + Chunk - 1) / Chunk, c =>
            {
                var end = Math.Min(count, (c + 1) * Chunk);
                for (var j = c * Chunk; j < end; j++)
                {
                    var row = new ReadOnlySpan<BabyBear>((BabyBear*)rp + ((nint)j * rowLength), rowLength);
                    ((Digest*)dp)[j] = Poseidon2Sponge.Hash(row);
                }
            });
        }
    }

    /// <summary><c>parents[j] = Compress(children[2j], children[2j + 1])</c>.</summary>
    public static void CompressPairs(ReadOnlySpan<Digest> children, Span<Digest> parents)
    {
        fixed (Digest* c = children)
        fixed (Digest* p = parents)
        {
            var cp = (nint)c;
            var pp = (nint)p;
            var count = parents.Length;
            Parallel.For(0, (count + Chunk - 1) / Chunk, k =>
            {
                var end = Math.Min(count, (k + 1) * Chunk);
                for (var j = k * Chunk; j < end; j++)
                {
                    var ch = (Digest*)cp;
                    ((Digest*)pp)[j] = Poseidon2Compression.Compress(ch[2 * j], ch[(2 * j) + 1]);
                }
            });
        }
    }

    /// <summary><c>parents[j] = Compress(left[j], right[j])</c>; <paramref name="parents"/> may be <paramref name="left"/>.</summary>
    public static void Compress(ReadOnlySpan<Digest> left, ReadOnlySpan<Digest> right, Span<Digest> parents)
    {
        for (var j = 0; j < parents.Length; j++)
        {
            parents[j] = Poseidon2Compression.Compress(left[j], right[j]);
        }
    }
}
