using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// Many independent permutations at once: states are transposed into lane bundles (state k in lane
/// k), permuted by the lane kernel at the widest SIMD path, transposed back; a tail shorter than one
/// bundle runs one lane at a time. Large batches are split across cores.
/// </summary>
/// <remarks>
/// The transposition is scalar: about width·lanes loads and stores per bundle, a few percent of the
/// permutation's cost, and it works the same on every path and for any stride.
/// All pointers address Montgomery-form words (a BabyBear is one).
/// </remarks>
internal static unsafe class Poseidon2Batch
{
    /// <summary>Below this many permutations a batch stays on the calling thread.</summary>
    private const int ParallelThreshold = 256;

    /// <summary>The work of one batch element: where its input comes from and its output goes.</summary>
    internal interface IJob
    {
        /// <summary>Number of permutation chains (states, rows or pairs).</summary>
        int Count { get; }

        /// <summary>Runs elements [start, end) with lane bundles of type <typeparamref name="T"/>.</summary>
        void Run<TOps, T>(int start, int end)
            where TOps : IPackedLanes<T>
            where T : unmanaged;
    }

    /// <summary>Runs a job at the widest path, in parallel when it is large.</summary>
    public static void Execute<TJob>(TJob job)
        where TJob : struct, IJob
    {
        var count = job.Count;
        var workers = Environment.ProcessorCount;
        if (count < ParallelThreshold || workers == 1)
        {
            RunRange(job, 0, count);
            return;
        }

        // Chunks are whole 16-lane bundles and several per core so uneven cores still balance.
        var chunk = (count + (workers * 4) - 1) / (workers * 4);
        chunk = Math.Max(64, (chunk + 15) & ~15);
        var chunks = (count + chunk - 1) / chunk;
        Parallel.For(0, chunks, c => RunRange(job, c * chunk, Math.Min(count, (c + 1) * chunk)));
    }

    private static void RunRange<TJob>(TJob job, int start, int end)
        where TJob : struct, IJob
    {
        var main = start;
        switch (BabyBearVector.Path)
        {
            case SimdPath.Avx512:
                main = start + ((end - start) & ~15);
                job.Run<Lanes512, Vector512<uint>>(start, main);
                break;
            case SimdPath.Avx2:
                main = start + ((end - start) & ~7);
                job.Run<Lanes256, Vector256<uint>>(start, main);
                break;
        }

        job.Run<LanesScalar, uint>(main, end);
    }

    /// <summary>Permutes <c>Count</c> contiguous states of <c>Width</c> words in place.</summary>
    internal readonly struct PermuteJob(uint* states, int count, Poseidon2Parameters parameters) : IJob
    {
        public int Count => count;

        [SkipLocalsInit] // The lane buffer is fully written before it is read.
        public void Run<TOps, T>(int start, int end)
            where TOps : IPackedLanes<T>
            where T : unmanaged
        {
            var lanes = TOps.Count;
            var width = parameters.Width;
            var buffer = stackalloc uint[width * lanes];
            for (var g = start; g < end; g += lanes)
            {
                var src = states + ((nint)g * width);
                for (var k = 0; k < lanes; k++)
                {
                    for (var i = 0; i < width; i++)
                    {
                        buffer[(i * lanes) + k] = src[(k * width) + i];
                    }
                }

                Poseidon2Kernel.Permute<TOps, T>(ref Unsafe.AsRef<T>(buffer), parameters);
                for (var k = 0; k < lanes; k++)
                {
                    for (var i = 0; i < width; i++)
                    {
                        src[(k * width) + i] = buffer[(i * lanes) + k];
                    }
                }
            }
        }
    }

    /// <summary>The width-16 sponge over <c>Count</c> rows of <c>rowLength</c> words, one digest each.</summary>
    internal readonly struct HashRowsJob(uint* rows, int rowLength, uint* digests, int count) : IJob
    {
        public int Count => count;

        [SkipLocalsInit] // The lane buffer is cleared before use.
        public void Run<TOps, T>(int start, int end)
            where TOps : IPackedLanes<T>
            where T : unmanaged
        {
            const int width = Poseidon2.Width16;
            const int rate = Poseidon2Sponge.Rate;
            var parameters = Poseidon2Parameters.Width16;
            var lanes = TOps.Count;
            var buffer = stackalloc uint[width * lanes];
            for (var g = start; g < end; g += lanes)
            {
                new Span<uint>(buffer, width * lanes).Clear();
                var src = rows + ((nint)g * rowLength);
                for (var offset = 0; offset < rowLength; offset += rate)
                {
                    var n = Math.Min(rate, rowLength - offset);
                    for (var k = 0; k < lanes; k++)
                    {
                        var row = src + ((nint)k * rowLength) + offset;
                        for (var i = 0; i < n; i++)
                        {
                            buffer[(i * lanes) + k] = row[i];
                        }
                    }

                    Poseidon2Kernel.Permute<TOps, T>(ref Unsafe.AsRef<T>(buffer), parameters);
                }

                var dst = digests + ((nint)g * Digest.Length);
                for (var k = 0; k < lanes; k++)
                {
                    for (var i = 0; i < Digest.Length; i++)
                    {
                        dst[(k * Digest.Length) + i] = buffer[(i * lanes) + k];
                    }
                }
            }
        }
    }

    /// <summary>
    /// <c>Count</c> compressions: the state is the digest at <c>left + j·stride</c> followed by the one
    /// at <c>right + j·stride</c>; the parent goes to <c>parents + 8·j</c>.
    /// </summary>
    internal readonly struct CompressJob(uint* left, uint* right, nint stride, uint* parents, int count) : IJob
    {
        public int Count => count;

        [SkipLocalsInit] // The lane buffer is fully written before it is read.
        public void Run<TOps, T>(int start, int end)
            where TOps : IPackedLanes<T>
            where T : unmanaged
        {
            const int half = Digest.Length;
            var parameters = Poseidon2Parameters.Width16;
            var lanes = TOps.Count;
            var buffer = stackalloc uint[Poseidon2.Width16 * lanes];
            for (var g = start; g < end; g += lanes)
            {
                for (var k = 0; k < lanes; k++)
                {
                    var l = left + ((g + k) * stride);
                    var r = right + ((g + k) * stride);
                    for (var i = 0; i < half; i++)
                    {
                        buffer[(i * lanes) + k] = l[i];
                        buffer[((i + half) * lanes) + k] = r[i];
                    }
                }

                Poseidon2Kernel.Permute<TOps, T>(ref Unsafe.AsRef<T>(buffer), parameters);
                var dst = parents + ((nint)g * half);
                for (var k = 0; k < lanes; k++)
                {
                    for (var i = 0; i < half; i++)
                    {
                        dst[(k * half) + i] = buffer[(i * lanes) + k];
                    }
                }
            }
        }
    }
}
