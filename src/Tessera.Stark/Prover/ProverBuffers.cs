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
        // The last proof's small garbage (its openings and the proof a caller has since dropped, ≈ 3 MB
        // at 2^18 with 9 sends) otherwise waits for a gen-0 budget of tens of MB: with 4–5 collections
        // in ten proofs, the 10th proof's peak RSS stood 2.4 % above the 2nd's (0.8–0.9 % with this, 1.7 %
        // with a gen-1 collection, which leaves what an earlier collection promoted). A full collection
        // costs ≈ 1.3 ms beside a proof of seconds: the pooled buffers, most of the heap, hold no
        // references. Only once the pool holds a large proof's working set, so that the many small
        // proofs of a test run do not each pay for one.
        if (BufferPool<BabyBear>.Shared.RetainedBytes >= BufferPool<BabyBear>.CollectAfterDroppingBytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        }

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
