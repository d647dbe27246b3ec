using Tessera.Vm.Memory;

namespace Tessera.Vm.Segments;

/// <summary>
/// The cycle cost of paging, in one place: the distinct Poseidon2 permutations the rv32im circuit's
/// paging tables look up, one cycle each (Tessera.Circuit's <c>PagingCostTests</c> checks the charge
/// against the circuit's count on real segments: never below it). A page's first touch in a segment
/// hashes its contents (<see cref="PageHash"/>: one permutation per 8 elements, a word being two) and
/// compresses each node on its path to the root that no earlier page of the segment reached; its first
/// write hashes the new contents and compresses the new value of each path node not yet rewritten.
/// An input the circuit hashes twice is one row, so an untouched node or an unwritten page costs
/// nothing on the way out. A segment also pays a fixed cost: the registers and pc sponged in and out
/// (8 rows of 8 elements each way) and the two state compressions.
/// </summary>
public static class PagingCost
{
    /// <summary>Elements a Poseidon2 width-16 permutation absorbs.</summary>
    private const int Rate = 8;

    /// <summary>Permutations to hash one page's contents (before, or after).</summary>
    public static int PageHash(PageLayout layout) => layout.PageElements / Rate;

    /// <summary>The most one page-in can cost: its hash and a path of which no node is shared.</summary>
    public static int PageIn(PageLayout layout) => PageHash(layout) + layout.Depth;

    /// <summary>The most one page-out can cost: the new hash and every node of its path rewritten.</summary>
    public static int PageOut(PageLayout layout) => PageHash(layout) + layout.Depth;

    /// <summary>Fixed cycles per segment: registers with pc (64 elements) hashed in and out, and two state compressions.</summary>
    public static int FixedPerSegment => (2 * (64 / Rate)) + 2;

    /// <summary>The most paging one instruction can cause: its code page in, and a misaligned access spanning two pages in and out.</summary>
    public static int WorstPerInstruction(PageLayout layout) => (3 * PageIn(layout)) + (2 * PageOut(layout));
}
