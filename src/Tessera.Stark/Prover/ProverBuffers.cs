using Tessera.Field;
using Tessera.Hash;

namespace Tessera.Stark.Prover;

/// <summary>
/// One proof's lease on the shared <see cref="BufferPool{T}"/>s: what it rents is handed back
/// when the proof is done (disposed), for the next proof to reuse.
/// </summary>
internal sealed class ProverBuffers : IDisposable
{
    private readonly List<BabyBear[]> _field = [];
    private readonly List<Digest[]> _digests = [];
    private readonly List<BabyBear4[]> _extension = [];

    private ProverBuffers()
    {
        DigestAllocator = length =>
        {
            var a = BufferPool<Digest>.Shared.Rent(length);
            _digests.Add(a);
            return a;
        };
    }

    /// <summary>Digest arrays for <see cref="Hash.Merkle.MerkleTree.Commit(Func{int, Digest[]}?, ReadOnlySpan{Hash.Merkle.MatrixView})"/>.</summary>
    public Func<int, Digest[]> DigestAllocator { get; }

    /// <summary>Opens a lease: the start of one proof.</summary>
    public static ProverBuffers Open()
    {
        BufferPool<BabyBear>.Shared.OpenGeneration();
        BufferPool<Digest>.Shared.OpenGeneration();
        BufferPool<BabyBear4>.Shared.OpenGeneration();
        return new ProverBuffers();
    }

    /// <summary>A field-element array of exactly <paramref name="length"/> elements, contents unspecified.</summary>
    public BabyBear[] Field(int length)
    {
        var a = BufferPool<BabyBear>.Shared.Rent(length);
        _field.Add(a);
        return a;
    }

    /// <summary>An extension-field array of exactly <paramref name="length"/> elements, contents unspecified.</summary>
    public BabyBear4[] Extension(int length)
    {
        var a = BufferPool<BabyBear4>.Shared.Rent(length);
        _extension.Add(a);
        return a;
    }

    /// <summary>Hands everything back; nothing rented may be used afterwards.</summary>
    public void Dispose()
    {
        foreach (var a in _field)
        {
            BufferPool<BabyBear>.Shared.Return(a);
        }

        foreach (var a in _digests)
        {
            BufferPool<Digest>.Shared.Return(a);
        }

        foreach (var a in _extension)
        {
            BufferPool<BabyBear4>.Shared.Return(a);
        }

        _field.Clear();
        _digests.Clear();
        _extension.Clear();
    }
}
