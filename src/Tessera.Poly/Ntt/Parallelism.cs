namespace Tessera.Poly;

/// <summary>Splits index ranges over worker threads, or runs them inline in single-thread mode.</summary>
internal static class Parallelism
{
    /// <summary>Threads a call may use: <paramref name="maxDegreeOfParallelism"/> if positive, else all cores.</summary>
    public static int Threads(int maxDegreeOfParallelism) =>
        maxDegreeOfParallelism > 0 ? Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount) : Environment.ProcessorCount;

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, <paramref name="count"/>) in chunks. Work is cut
    /// into a few chunks per thread so a thread slowed by a neighbour process does not hold up the rest.
    /// </summary>
    public static void For(int count, int maxDegreeOfParallelism, int minChunk, Action<int, int> body)
    {
        var threads = Threads(maxDegreeOfParallelism);
        if (threads <= 1 || count <= minChunk)
        {
            body(0, count);
            return;
        }

        var chunks = Math.Min(threads * 4, (count + minChunk - 1) / minChunk);
        var per = (count + chunks - 1) / chunks;
        chunks = (count + per - 1) / per;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            var s = k * per;
            body(s, Math.Min(s + per, count));
        });
    }
}
