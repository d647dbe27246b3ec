using System.Runtime.CompilerServices;

namespace Tessera.Stark.Prover;

/// <summary>
/// Large arrays (field elements, digests) the prover hands back after each proof and takes again for the next.
/// </summary>
/// <remarks>
/// <para>Why: a prover node proves segment after segment of the same size, and the first touch of
/// fresh memory is expensive — on the 2-vCPU Firecracker VM of docs/PERFORMANCE.md it costs about
/// 3 ms per MB, so a fresh 256 MB LDE spends 0.8 s in page faults before any arithmetic. Reusing
/// the previous proof's buffers removes that cost from every proof but the first.</para>
/// <para>Policy: arrays under <see cref="MinPooledBytes"/> are left to the GC. Every proof
/// opens a generation; a rent that misses first drops the arrays no rent of the current generation
/// has taken (a size change: the old proof's buffers will not fit), so the pool holds at most one
/// proof's working set. Rented arrays are not cleared: every user overwrites them in full.</para>
/// </remarks>
internal sealed class BufferPool<T>
    where T : unmanaged
{
    /// <summary>
    /// Smaller arrays are cheap to allocate and not pooled. 64 KB, under the large object heap's
    /// 85,000 bytes: an array on that heap is freed only by a full collection, so each one a proof
    /// leaves behind grows the next proof's peak RSS (with a 4 MB floor a 2^17 proof with 9 sends
    /// left ~38 MB a proof: the 10th proof peaked 75 % above the 2nd).
    /// </summary>
    public const int MinPooledBytes = 64 << 10;

    /// <summary>Dropping this much at once frees it with a full collection before the next allocation.</summary>
    public const long CollectAfterDroppingBytes = 64L << 20;

    private readonly object _lock = new();
    private readonly List<(T[] Array, long Generation)> _free = [];
    private long _generation;
    private long _generationOpenedAt;

    /// <summary>The pool the prover uses.</summary>
    public static BufferPool<T> Shared { get; } = new();

    /// <summary>
    /// Keep every size a proof handed back, not only the last proof's: for a benchmark that
    /// alternates machines of different shapes in one process, so that each proof finds its
    /// buffers as a node proving one shape after another would (a miss would otherwise drop the
    /// other shape's arrays and every proof pay for fresh memory). Off by default.
    /// </summary>
    internal bool RetainAcrossShapes { get; set; }

    /// <summary>Arrays of at least this many elements are pooled.</summary>
    public static int MinPooledLength => MinPooledBytes / Unsafe.SizeOf<T>();

    /// <summary>Bytes held for reuse now.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (_lock)
            {
                return _free.Sum(e => (long)e.Array.Length * Unsafe.SizeOf<T>());
            }
        }
    }

    /// <summary>Marks the start of a proof: its rents decide which retained arrays are still wanted.</summary>
    public void OpenGeneration()
    {
        lock (_lock)
        {
            _generationOpenedAt = ++_generation;
        }
    }

    /// <summary>
    /// Runs a full collection if this pool holds a large proof's working set (at least
    /// <see cref="CollectAfterDroppingBytes"/>); returns whether it did. Called as a proof starts.
    /// </summary>
    /// <remarks>
    /// The last proof's small garbage (its openings and the proof a caller has since dropped, ≈ 3 MB at
    /// 2^18 with 9 sends) otherwise waits for a gen-0 budget of tens of MB: with 4–5 collections in ten
    /// proofs, the 10th proof's peak RSS stood 2.4 % above the 2nd's (0.8–1.0 % with this, 1.7 % with a
    /// gen-1 collection, which leaves what an earlier collection promoted). A full collection costs
    /// ≈ 1.3 ms beside a proof of seconds: the pooled arrays, most of the heap, hold no references. Only
    /// with a large working set retained, so that the many small proofs of a test run do not each pay.
    /// </remarks>
    public bool CollectGarbageBeforeAProof()
    {
        if (RetainedBytes < CollectAfterDroppingBytes)
        {
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        return true;
    }

    /// <summary>An array of exactly <paramref name="length"/> elements with unspecified contents.</summary>
    public T[] Rent(int length)
    {
        if (length >= MinPooledLength)
        {
            long dropped = 0;
            lock (_lock)
            {
                var i = _free.FindIndex(e => e.Array.Length == length);
                if (i >= 0)
                {
                    var a = _free[i].Array;
                    _free.RemoveAt(i);
                    return a;
                }

                // A miss: arrays the current proof has not asked for are the previous size's.
                if (!RetainAcrossShapes)
                {
                    foreach (var e in _free)
                    {
                        dropped += e.Generation < _generationOpenedAt ? (long)e.Array.Length * Unsafe.SizeOf<T>() : 0;
                    }

                    _free.RemoveAll(e => e.Generation < _generationOpenedAt);
                }
            }

            // The dropped arrays live on the large object heap, which only a full collection frees: without
            // one, a run of segments whose tables change height (every rv32im run) kept each proof's dropped
            // buffers beside the next proof's fresh ones, and ten 2^19 segments peaked at 5.5 GB, not 1.9.
            if (dropped >= CollectAfterDroppingBytes)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            }
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    /// <summary>Takes back an array from <see cref="Rent"/>; the caller must hold no reference to it afterwards.</summary>
    public void Return(T[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length < MinPooledLength)
        {
            return;
        }

        lock (_lock)
        {
            if (!_free.Exists(e => ReferenceEquals(e.Array, array)))
            {
                _free.Add((array, _generation));
            }
        }
    }

    /// <summary>Drops every retained array (for a process that stops proving).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _free.Clear();
        }
    }
}
