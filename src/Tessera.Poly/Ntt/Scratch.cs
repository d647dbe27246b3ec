namespace Tessera.Poly;

/// <summary>A per-thread pinned work buffer, reused across calls so the kernels allocate nothing per group.</summary>
internal static unsafe class Scratch
{
    [ThreadStatic]
    private static uint[]? buffer;

    /// <summary>At least <paramref name="length"/> lanes of this thread's buffer; valid until the next call on this thread.</summary>
    public static uint* Get(int length)
    {
        var b = buffer;
        if (b is null || b.Length < length)
        {
            b = GC.AllocateUninitializedArray<uint>(length, pinned: true);
            buffer = b;
        }

        fixed (uint* p = b)
        {
            return p; // pinned on allocation, so the address outlives the fixed block
        }
    }
}
