using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tessera.Stark.Prover;

/// <summary>
/// An array of <typeparamref name="TFrom"/> seen as memory of <typeparamref name="TTo"/> (an
/// extension-field layer as its base-field coordinates), without the copy that
/// <c>MemoryMarshal.Cast(…).ToArray()</c> makes.
/// </summary>
internal sealed class CastMemory<TFrom, TTo>(TFrom[] array) : MemoryManager<TTo>
    where TFrom : unmanaged
    where TTo : unmanaged
{
    private GCHandle _pin;

    public override Span<TTo> GetSpan() => MemoryMarshal.Cast<TFrom, TTo>(array.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        if (!_pin.IsAllocated)
        {
            _pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        }

        return new MemoryHandle((byte*)_pin.AddrOfPinnedObject() + (elementIndex * Unsafe.SizeOf<TTo>()));
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
