using Tessera.Vm.Memory;

namespace Tessera.Vm.Segments;

/// <summary>
/// The cycle cost of paging, in ONE place until the rv32im circuit fixes it. Estimate: one cycle per
/// Poseidon2 permutation. Paging a page in hashes it (one permutation per 8 elements, a word being
/// two elements) and walks its path to the root (one compression per level); paging out does the
/// same for the new contents. Shared path nodes are counted once per page, so this over-estimates.
/// A segment also pays a fixed cost: hashing the registers and pc in and out and the two state digests.
/// </summary>
public static class PagingCost
{
    /// <summary>Elements a Poseidon2 width-16 permutation absorbs.</summary>
    private const int Rate = 8;

    /// <summary>Cycles to page one page in (verify its contents against the pre-state root).</summary>
    public static int PageIn(PageLayout layout) => (layout.PageElements / Rate) + layout.Depth;

    /// <summary>Cycles to page one written page out (fold its new contents into the post-state root).</summary>
    public static int PageOut(PageLayout layout) => (layout.PageElements / Rate) + layout.Depth;

    /// <summary>Fixed cycles per segment: registers with pc (64 elements) hashed in and out, and two state compressions.</summary>
    public static int FixedPerSegment => (2 * (64 / Rate)) + 2;

    /// <summary>The most paging one instruction can cause: its code page in, and a misaligned access spanning two pages in and out.</summary>
    public static int WorstPerInstruction(PageLayout layout) => (3 * PageIn(layout)) + (2 * PageOut(layout));
}
