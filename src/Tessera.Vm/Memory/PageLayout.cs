namespace Tessera.Vm.Memory;

/// <summary>
/// How guest memory is cut into pages for the commitment: pages of 2^<see cref="PageShift"/> bytes
/// are the leaves of a binary Merkle tree over the 2^28-byte address space [0, 0x1000_0000).
/// </summary>
public sealed record PageLayout
{
    /// <summary>log2 of the bytes addressable by the tree.</summary>
    public const int AddressBits = 28;

    /// <summary>Creates a layout with pages of 2^<paramref name="pageShift"/> bytes (6 to 12).</summary>
    public PageLayout(int pageShift)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageShift, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageShift, 12);
        PageShift = pageShift;
    }

    /// <summary>
    /// The default: 512-byte pages. Measured inflation at po2 15 (docs/guest-abi.md): 64 B 1.15×,
    /// 256 B 1.06×, 512 B 1.050×, 1 KB 1.050×, 4 KB 1.08× on the sort example; 512 B ties 1 KB
    /// and halves the page data in each segment record.
    /// </summary>
    public static PageLayout Default { get; } = new(9);

    /// <summary>log2 of the page size in bytes.</summary>
    public int PageShift { get; }

    /// <summary>Bytes per page.</summary>
    public int PageBytes => 1 << PageShift;

    /// <summary>Levels from a leaf to the root (the number of siblings on a Merkle path).</summary>
    public int Depth => AddressBits - PageShift;

    /// <summary>Field elements a page hashes as (each 32-bit word as two 16-bit limbs).</summary>
    public int PageElements => PageBytes / 2;

    /// <summary>The page holding a guest address.</summary>
    public uint PageOf(uint address) => address >> PageShift;
}
