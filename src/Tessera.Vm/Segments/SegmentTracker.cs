using System.Runtime.CompilerServices;

using Tessera.Vm.Execution;

namespace Tessera.Vm.Segments;

/// <summary>
/// Records which pages a segment touches and charges their paging cost against the segment's cycle
/// limit. The fast path is one array load and compare per access; first touches go to
/// <see cref="SegmentPages"/>.
/// </summary>
internal struct SegmentTracker(SegmentPages pages) : IMemoryTracker
{
    private readonly int[] _in = pages.InEpoch;
    private readonly int[] _out = pages.OutEpoch;
    private readonly int _epoch = pages.Epoch;
    private readonly int _shift = pages.Layout.PageShift;
    private readonly uint _codeBase = pages.CodeBase;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Fetch(int codeIndex, ref long limit)
    {
        var page = (_codeBase + ((uint)codeIndex * 4)) >> _shift;
        if (_in[page] != _epoch)
        {
            pages.PageIn(page, ref limit);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Read(uint address, uint length, ref long limit)
    {
        var first = address >> _shift;
        var last = (address + length - 1) >> _shift;
        for (var p = first; p <= last; p++)
        {
            if (_in[p] != _epoch)
            {
                pages.PageIn(p, ref limit);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Write(uint address, uint length, ref long limit)
    {
        var first = address >> _shift;
        var last = (address + length - 1) >> _shift;
        for (var p = first; p <= last; p++)
        {
            if (_out[p] != _epoch)
            {
                pages.PageOut(p, ref limit);
            }
        }
    }

    /// <summary>Segmented execution makes records to prove: it enforces the proven model.</summary>
    public readonly void CheckAccess(uint address, uint width, bool write, uint pc) =>
        ProvenModel.CheckAccess(address, width, write, _codeBase, pages.CodeBytes, pc);

    public readonly void CheckBuffer(uint address, uint length, bool write, uint pc) =>
        ProvenModel.CheckBuffer(address, length, write, _codeBase, pages.CodeBytes, pc);

    public readonly bool CanAfford(uint address, uint length, bool write, long remaining) =>
        pages.CostOf(address >> _shift, (address + length - 1) >> _shift, write) <= remaining;
}
