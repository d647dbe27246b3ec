using System.Runtime.InteropServices;

namespace Tessera.Vm.Memory;

/// <summary>
/// The guest's byte-addressed memory as one flat native block indexed by guest address, so an access
/// is one unsigned range check and one load. The block is allocated zeroed by calloc, which maps
/// large blocks lazily: untouched guest pages cost neither time nor resident memory.
/// </summary>
internal sealed unsafe class GuestMemory : IDisposable
{
    public const uint Size = MemoryMap.End - MemoryMap.Base;

    private byte* _block;

    public GuestMemory() => _block = (byte*)NativeMemory.AllocZeroed(MemoryMap.End);

    ~GuestMemory() => Free();

    /// <summary>Pointer such that <c>Pointer + address</c> is the byte at guest <c>address</c>.</summary>
    public byte* Pointer => _block != null ? _block : throw new ObjectDisposedException(nameof(GuestMemory));

    public static bool InRange(uint address, uint length) =>
        address >= MemoryMap.Base && (ulong)address + length <= MemoryMap.End;

    public Span<byte> Slice(uint address, int length)
    {
        if (!InRange(address, (uint)length))
        {
            throw new ArgumentOutOfRangeException(nameof(address), $"[0x{address:x8}, +{length}) is outside guest memory");
        }

        return new Span<byte>(Pointer + address, length);
    }

    /// <summary>The bytes of one page (pages below <see cref="MemoryMap.Base"/> exist in the tree and read as zero).</summary>
    public Span<byte> Page(uint page, PageLayout layout) => new(Pointer + ((long)page << layout.PageShift), layout.PageBytes);

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_block != null)
        {
            NativeMemory.Free(_block);
            _block = null;
        }
    }
}
