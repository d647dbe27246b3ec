using Tessera.Vm.Memory;

namespace Tessera.Vm.Segments;

/// <summary>Per-page bookkeeping for segmentation: which pages the current segment paged in and out, their pre-images, and the paging cycles charged.</summary>
internal sealed unsafe class SegmentPages
{
    private readonly GuestMemory _memory;
    private readonly int _pageIn;
    private readonly int _pageOut;

    public SegmentPages(PageLayout layout, GuestMemory memory, uint codeBase, uint codeBytes, bool keepPreImages)
    {
        Layout = layout;
        _memory = memory;
        CodeBase = codeBase;
        CodeBytes = codeBytes;
        KeepPreImages = keepPreImages;
        var count = 1 << layout.Depth;
        InEpoch = new int[count];
        OutEpoch = new int[count];
        _pageIn = PagingCost.PageIn(layout);
        _pageOut = PagingCost.PageOut(layout);
    }

    public PageLayout Layout { get; }

    public uint CodeBase { get; }

    public uint CodeBytes { get; }

    public bool KeepPreImages { get; }

    public int[] InEpoch { get; }

    public int[] OutEpoch { get; }

    public int Epoch { get; private set; }

    public List<uint> Touched { get; } = [];

    public List<uint> Written { get; } = [];

    /// <summary>Pre-segment contents of <see cref="Touched"/>, in the same order.</summary>
    public List<byte[]> PreImages { get; } = [];

    public long PagingCycles { get; private set; }

    public void Begin()
    {
        Epoch++;
        Touched.Clear();
        Written.Clear();
        PreImages.Clear();
        PagingCycles = 0;
    }

    public void PageIn(uint page, ref long limit)
    {
        InEpoch[page] = Epoch;
        Touched.Add(page);
        if (KeepPreImages)
        {
            PreImages.Add(_memory.Page(page, Layout).ToArray());
        }

        PagingCycles += _pageIn;
        limit -= _pageIn;
    }

    public void PageOut(uint page, ref long limit)
    {
        if (InEpoch[page] != Epoch)
        {
            PageIn(page, ref limit);
        }

        OutEpoch[page] = Epoch;
        Written.Add(page);
        PagingCycles += _pageOut;
        limit -= _pageOut;
    }

    public long CostOf(uint first, uint last, bool write)
    {
        long cost = 0;
        for (var p = first; p <= last; p++)
        {
            if (InEpoch[p] != Epoch)
            {
                cost += _pageIn;
            }

            if (write && OutEpoch[p] != Epoch)
            {
                cost += _pageOut;
            }
        }

        return cost;
    }
}
