using Tessera.Vm.Memory;

namespace Tessera.Vm.Segments;

/// <summary>Per-page bookkeeping for segmentation: which pages the current segment paged in and out, their pre-images, and the paging cycles charged.</summary>
internal sealed unsafe class SegmentPages
{
    private readonly GuestMemory _memory;
    private readonly int _pageHash;
    private readonly int _firstLeaf;
    private readonly int[] _nodeIn;  // [tree node 1 .. 2^depth − 1] epoch whose page-ins reached it
    private readonly int[] _nodeOut; // epoch whose page-outs rewrote it

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
        _pageHash = PagingCost.PageHash(layout);
        _firstLeaf = count;
        _nodeIn = new int[count];
        _nodeOut = new int[count];
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

        var cost = _pageHash + Walk(page, _nodeIn, mark: true);
        PagingCycles += cost;
        limit -= cost;
    }

    public void PageOut(uint page, ref long limit)
    {
        if (InEpoch[page] != Epoch)
        {
            PageIn(page, ref limit);
        }

        OutEpoch[page] = Epoch;
        Written.Add(page);
        var cost = _pageHash + Walk(page, _nodeOut, mark: true);
        PagingCycles += cost;
        limit -= cost;
    }

    public long CostOf(uint first, uint last, bool write)
    {
        long cost = 0;
        for (var p = first; p <= last; p++)
        {
            // Pages of one access share path nodes: count them once, as the walks that follow will.
            if (InEpoch[p] != Epoch)
            {
                cost += _pageHash + Walk(p, _nodeIn, mark: false, sharedWith: p == first ? uint.MaxValue : first);
            }

            if (write && OutEpoch[p] != Epoch)
            {
                cost += _pageHash + Walk(p, _nodeOut, mark: false, sharedWith: p == first ? uint.MaxValue : first);
            }
        }

        return cost;
    }

    /// <summary>
    /// The nodes on <paramref name="page"/>'s path to the root not yet reached this epoch (nor on the
    /// path of <paramref name="sharedWith"/>, when given): the compressions its paging adds.
    /// </summary>
    private int Walk(uint page, int[] reached, bool mark, uint sharedWith = uint.MaxValue)
    {
        var n = 0;
        var other = sharedWith == uint.MaxValue ? 0 : (int)((_firstLeaf + sharedWith) >> 1);
        for (var node = (int)((_firstLeaf + page) >> 1); node >= 1; node >>= 1, other >>= 1)
        {
            if (reached[node] == Epoch || node == other)
            {
                break;
            }

            if (mark)
            {
                reached[node] = Epoch;
            }

            n++;
        }

        return n;
    }
}
