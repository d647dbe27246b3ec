using Tessera.Field;
using Tessera.Hash;

namespace Tessera.Stark.Prover;

/// <summary>
/// One proof's lease on the shared <see cref="BufferPool{T}"/>s: what it rents is handed back
/// when the proof is done (disposed), for the next proof to reuse.
/// </summary>
internal sealed class ProverBuffers : IDisposable
{
    private readonly Lease<BabyBear> _field = new();
    private readonly Lease<Digest> _digests = new();
    private readonly Lease<BabyBear4> _extension = new();

    private ProverBuffers()
    {
        DigestAllocator = _digests.Rent;
    }

    /// <summary>Digest arrays for <see cref="Hash.Merkle.MerkleTree.Commit(Func{int, Digest[]}?, ReadOnlySpan{Hash.Merkle.MatrixView})"/>.</summary>
    public Func<int, Digest[]> DigestAllocator { get; }

    /// <summary>Opens a lease: the start of one proof.</summary>
    public static ProverBuffers Open()
    {
        BufferPool<BabyBear>.Shared.CollectGarbageBeforeAProof();
        BufferPool<BabyBear>.Shared.OpenGeneration();
        BufferPool<Digest>.Shared.OpenGeneration();
        BufferPool<BabyBear4>.Shared.OpenGeneration();
        return new ProverBuffers();
    }

    /// <summary>A field-element array of exactly <paramref name="length"/> elements, contents unspecified.</summary>
    public BabyBear[] Field(int length) => _field.Rent(length);

    /// <summary>Takes an array rented from the shared pool elsewhere (a witness made with Trace.CreateForProving) into this proof's lease.</summary>
    public void Adopt(BabyBear[] array) => _field.Adopt(array);

    /// <summary>An extension-field array of exactly <paramref name="length"/> elements, contents unspecified.</summary>
    public BabyBear4[] Extension(int length) => _extension.Rent(length);

    /// <summary>Bytes rented so far by this proof (pooled or not).</summary>
    public long RentedBytes => _field.Bytes + _digests.Bytes + _extension.Bytes;

    /// <summary>Hands everything back; nothing rented may be used afterwards.</summary>
    public void Dispose()
    {
        _field.ReturnAll();
        _digests.ReturnAll();
        _extension.ReturnAll();
    }

    private sealed class Lease<T>
        where T : unmanaged
    {
        private readonly List<T[]> _rented = [];

        public long Bytes { get; private set; }

        public T[] Rent(int length)
        {
            var a = BufferPool<T>.Shared.Rent(length);
            lock (_rented)
            {
                _rented.Add(a);
                Bytes += (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            }

            return a;
        }

        public void Adopt(T[] array)
        {
            lock (_rented)
            {
                _rented.Add(array);
            }
        }

        public void ReturnAll()
        {
            foreach (var a in _rented)
            {
                BufferPool<T>.Shared.Return(a);
            }

            _rented.Clear();
        }
    }
}
