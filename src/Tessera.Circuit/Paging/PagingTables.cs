using System.Buffers.Binary;
using System.Numerics;

using Tessera.Circuit.Lookups;
using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;
using Tessera.Stark.Air;
using Tessera.Vm;
using Tessera.Vm.Memory;

namespace Tessera.Circuit.Paging;

/// <summary>
/// The paging and register tables of a segment: <see cref="PageAir"/> opens the touched pages,
/// <see cref="MerkleAir"/> hashes them into the pre- and post-state memory roots,
/// <see cref="RegistersAir"/> opens the register file and receives both state digests on the state bus.
/// </summary>
/// <remarks>
/// Cost, for pages of S bytes and depth d = 28 − log2 S (widths are main columns; LogUp adds one
/// extension column per two interactions, plus one: 14 for pages, 5 for Merkle, 15 for registers):
/// <list type="bullet">
/// <item><see cref="PageAir"/>: 98 columns, S / 16 rows per touched page (32 at 512 B); 25
/// interactions (8 memory, 14 byte, 2 Poseidon2, 1 Merkle).</item>
/// <item><see cref="MerkleAir"/>: 71 columns, one row per path node, at most d (19 at 512 B) per
/// touched page, a node shared by several pages once; 7 interactions.</item>
/// <item><see cref="RegistersAir"/>: 141 columns and 3 preprocessed, 8 rows.</item>
/// <item>Poseidon2 table (299 columns): 2 rows per page chunk and per node, less the permutations the
/// segment leaves unchanged (a chunk or node whose pre and post inputs agree is one row), plus 18 for
/// the register digests and state digests.</item>
/// </list>
/// </remarks>
internal static class PagingTables
{
    /// <summary>(id, pre digest d0..d7, post digest d0..d7): tree nodes, from leaves and nodes to their parents.</summary>
    public const string MerkleBus = "merkle";

    /// <summary>The tables for <paramref name="layout"/>, in the order of <see cref="Witness"/>.</summary>
    public static IAir[] Airs(PageLayout layout) => [new PageAir(layout), new MerkleAir(layout), new RegistersAir()];

    /// <summary>
    /// The tables' witnesses, counting their byte lookups into <paramref name="bytes"/> and their
    /// permutations into <paramref name="permutations"/>.
    /// </summary>
    /// <exception cref="InvalidSegmentException">
    /// The boundary does not hold together: pages not strictly ascending or outside the guest range, the
    /// pages, proof and registers not hashing to the pre-state digest, the final contents and registers
    /// not hashing to the post-state digest, or arrays of the wrong length.
    /// </exception>
    public static TableWitness[] Witness(MemoryBoundary boundary, ByteCounts bytes, Permutations permutations, TraceAllocation allocation = default)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(permutations);
        Validate(boundary);
        return Build(boundary, bytes, permutations, allocation);
    }

    /// <summary>Checks <paramref name="boundary"/> as <see cref="Witness"/> does.</summary>
    /// <exception cref="InvalidSegmentException">The boundary does not hold together.</exception>
    public static void Validate(MemoryBoundary boundary)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        var record = boundary.Record;
        if (record.PageShift is < 6 or > 12)
        {
            throw new InvalidSegmentException($"page shift {record.PageShift} is outside 6..12");
        }

        var layout = new PageLayout(record.PageShift);
        var pages = record.Pages;
        var basePage = MemoryMap.Base >> layout.PageShift;
        Require(pages.Length > 0, "the segment touches no page");
        for (var i = 0; i < pages.Length; i++)
        {
            Require(pages[i] >= basePage && pages[i] < 1u << layout.Depth, $"page {pages[i]} is outside the guest range");
            Require(i == 0 || pages[i] > pages[i - 1], "pages are not strictly ascending");
        }

        var words = pages.Length * (layout.PageBytes / 4);
        Require(record.PageData.Length == pages.Length * layout.PageBytes, "page data does not match the page count");
        Require(boundary.FinalWords.Length == words && boundary.FinalWordTs.Length == words, "final words do not match the page count");
        Require(record.Pre.Registers.Length == 32 && boundary.FinalRegisters.Length == 32 && boundary.FinalRegisterTs.Length == 32,
            "a register file is not 32 registers");
        Require(record.Pre.Registers[0] == 0 && boundary.FinalRegisters[0] == 0, "x0 is not zero");
        Require(record.Pre.Pc < 1u << PageLayout.AddressBits && record.Post.Pc < 1u << PageLayout.AddressBits, "a pc is outside the address space");
        Require(boundary.FinalRegisters.AsSpan().SequenceEqual(record.Post.Registers), "the final registers are not the post-state's");
        Require(record.Proof.Length == MultiProof.SiblingIds(pages, layout.Depth).Count, "the multi-proof has the wrong number of siblings");

        var finalData = new byte[record.PageData.Length];
        for (var i = 0; i < words; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(finalData.AsSpan(4 * i), boundary.FinalWords[i]);
        }

        var preRoot = MultiProof.Root(Leaves(pages, record.PageData, layout), record.Proof, layout.Depth);
        Require(StateHasher.State(preRoot, record.Pre.Registers, record.Pre.Pc) == record.Pre.Digest,
            $"segment {record.Index}: pages, proof and registers do not hash to the pre-state digest");
        var postRoot = MultiProof.Root(Leaves(pages, finalData, layout), record.Proof, layout.Depth);
        Require(StateHasher.State(postRoot, boundary.FinalRegisters, record.Post.Pc) == record.Post.Digest,
            $"segment {record.Index}: final pages and registers do not hash to the post-state digest");
    }

    /// <summary>
    /// The witnesses without <see cref="Validate"/>: for tests that forge a boundary to check the
    /// tables refuse it. Whatever cannot be witnessed honestly (a byte that is not one) is left out of
    /// the lookup counts, so the forgery shows as a failed constraint or an unbalanced bus.
    /// </summary>
    internal static TableWitness[] Build(MemoryBoundary boundary, ByteCounts bytes, Permutations permutations, TraceAllocation allocation = default)
    {
        var layout = new PageLayout(boundary.Record.PageShift);
        var (pages, leaves) = BuildPages(boundary, layout, bytes, permutations, allocation);
        var (merkle, preRoot, postRoot) = BuildMerkle(boundary.Record, layout, leaves, bytes, permutations, allocation);
        var registers = BuildRegisters(boundary, preRoot, postRoot, bytes, permutations, allocation);
        return [new TableWitness(pages), new TableWitness(merkle), new TableWitness(registers)];
    }

    private static (Trace Trace, Dictionary<long, (Digest Pre, Digest Post)> Leaves) BuildPages(
        MemoryBoundary boundary, PageLayout layout, ByteCounts bytes, Permutations permutations, TraceAllocation allocation)
    {
        var record = boundary.Record;
        var pages = record.Pages;
        var chunks = layout.PageBytes / PageColumns.Bytes;
        var wordsPerPage = layout.PageBytes / 4;
        var basePage = MemoryMap.Base >> layout.PageShift;
        var t = allocation.New(PageColumns.Width, Height(pages.Length * chunks));
        var leaves = new Dictionary<long, (Digest Pre, Digest Post)>();
        Span<BabyBear> input = stackalloc BabyBear[16];
        for (var i = 0; i < pages.Length; i++)
        {
            var page = pages[i];
            for (var j = 0; j < chunks; j++)
            {
                var row = t.Row((i * chunks) + j);
                var previous = j == 0 ? default : t.Row((i * chunks) + j - 1);
                row[PageColumns.Real] = BabyBear.One;
                row[PageColumns.First] = j == 0 ? BabyBear.One : BabyBear.Zero;
                row[PageColumns.Last] = j == chunks - 1 ? BabyBear.One : BabyBear.Zero;
                row[PageColumns.Page] = BabyBear.FromUInt32(page);
                row[PageColumns.Chunk] = BabyBear.FromUInt32((uint)j);
                for (var w = 0; w < PageColumns.Words; w++)
                {
                    var offset = (i * layout.PageBytes) + (j * PageColumns.Bytes) + (4 * w);
                    var initial = BinaryPrimitives.ReadUInt32LittleEndian(record.PageData.AsSpan(offset));
                    var index = (i * wordsPerPage) + (j * PageColumns.Words) + w;
                    WriteBytes(row, PageColumns.Initial.Slice(4 * w, 4), initial);
                    WriteBytes(row, PageColumns.Final.Slice(4 * w, 4), boundary.FinalWords[index]);
                    row[PageColumns.FinalTs[w]] = BabyBear.FromUInt32(boundary.FinalWordTs[index]);
                    bytes.Word(initial);
                }

                Absorb(row, previous, PageColumns.Initial, PageColumns.PreCapacity, PageColumns.PreState, permutations, input);
                Absorb(row, previous, PageColumns.Final, PageColumns.PostCapacity, PageColumns.PostState, permutations, input);
                if (j == 0)
                {
                    WriteDigits(row, PageColumns.AboveBase, page - basePage);
                    WriteDigits(row, PageColumns.PageDigits, page);
                    Count(bytes, Byte(page - basePage, 0), Byte(page - basePage, 1));
                    Count(bytes, Byte(page - basePage, 2), 0);
                    Count(bytes, Byte(page, 0), Byte(page, 1));
                    Count(bytes, page >> 16, (page >> 16) << (24 - layout.Depth));
                }

                if (j == chunks - 1)
                {
                    var gap = i + 1 < pages.Length ? pages[i + 1] - page - 1 : 0;
                    WriteDigits(row, PageColumns.Gap, gap);
                    Count(bytes, Byte(gap, 0), Byte(gap, 1));
                    Count(bytes, Byte(gap, 2), 0);
                    leaves[(1L << layout.Depth) + page] = (Digest(row, PageColumns.PreState), Digest(row, PageColumns.PostState));
                }
            }
        }

        return (t, leaves);
    }

    /// <summary>Absorbs the row's 16 bytes as 8 limbs into the sponge whose state the previous row left.</summary>
    private static void Absorb(Span<BabyBear> row, ReadOnlySpan<BabyBear> previous, ColumnRange data, ColumnRange capacity,
        ColumnRange state, Permutations permutations, Span<BabyBear> input)
    {
        for (var k = 0; k < 8; k++)
        {
            var lo = row[data[2 * k]].ToCanonical();
            var hi = row[data[(2 * k) + 1]].ToCanonical();
            input[k] = BabyBear.FromUInt32(lo + (256 * hi));
            row[capacity[k]] = previous.IsEmpty ? BabyBear.Zero : previous[state[8 + k]];
            input[8 + k] = row[capacity[k]];
        }

        permutations.Permute(input, row.Slice(state.Start, state.Length));
    }

    private static (Trace Trace, Digest PreRoot, Digest PostRoot) BuildMerkle(
        Vm.Segments.SegmentRecord record, PageLayout layout, Dictionary<long, (Digest Pre, Digest Post)> leaves,
        ByteCounts bytes, Permutations permutations, TraceAllocation allocation)
    {
        var nodes = new List<BabyBear[]>();
        var known = new SortedDictionary<long, (Digest Pre, Digest Post)>(leaves);
        var next = 0;
        Span<BabyBear> input = stackalloc BabyBear[16];
        for (var h = 0; h < layout.Depth; h++)
        {
            var parents = new SortedDictionary<long, (Digest Pre, Digest Post)>();
            foreach (var (id, digest) in known)
            {
                if ((id & 1) == 1 && known.ContainsKey(id ^ 1))
                {
                    continue;
                }

                var onPath = known.TryGetValue(id ^ 1, out var sibling);
                if (!onPath)
                {
                    var d = next < record.Proof.Length ? record.Proof[next] : default;
                    next++;
                    sibling = (d, d);
                }

                var isLeft = (id & 1) == 0;
                var (left, right) = isLeft ? (digest, sibling) : (sibling, digest);
                var row = new BabyBear[MerkleColumns.Width];
                var parent = id >> 1;
                row[MerkleColumns.Real] = BabyBear.One;
                row[MerkleColumns.Id] = BabyBear.FromUInt32((uint)parent);
                WriteDigits(row, MerkleColumns.IdDigits, (uint)(parent - 1));
                Count(bytes, Byte((uint)(parent - 1), 0), Byte((uint)(parent - 1), 1));
                var top = (uint)(parent - 1) >> 16;
                Count(bytes, top, top << (24 - layout.Depth));
                row[MerkleColumns.LeftOnPath] = isLeft || onPath ? BabyBear.One : BabyBear.Zero;
                row[MerkleColumns.RightOnPath] = !isLeft || onPath ? BabyBear.One : BabyBear.Zero;
                left.Pre.CopyTo(row.AsSpan(MerkleColumns.LeftPre.Start));
                right.Pre.CopyTo(row.AsSpan(MerkleColumns.RightPre.Start));
                left.Post.CopyTo(row.AsSpan(MerkleColumns.LeftPost.Start));
                right.Post.CopyTo(row.AsSpan(MerkleColumns.RightPost.Start));
                left.Pre.CopyTo(input);
                right.Pre.CopyTo(input[8..]);
                permutations.Permute(input, row.AsSpan(MerkleColumns.PreOut.Start, 16));
                left.Post.CopyTo(input);
                right.Post.CopyTo(input[8..]);
                permutations.Permute(input, row.AsSpan(MerkleColumns.PostOut.Start, 16));
                parents[parent] = (Digest(row, MerkleColumns.PreOut), Digest(row, MerkleColumns.PostOut));
                nodes.Add(row);
            }

            known = parents;
        }

        var t = allocation.New(MerkleColumns.Width, Height(nodes.Count));
        for (var r = 0; r < nodes.Count; r++)
        {
            nodes[r].CopyTo(t.Row(r));
        }

        var root = known.TryGetValue(1, out var rootDigests) ? rootDigests : default;
        return (t, root.Pre, root.Post);
    }

    private static Trace BuildRegisters(MemoryBoundary boundary, Digest preRoot, Digest postRoot, ByteCounts bytes, Permutations permutations, TraceAllocation allocation)
    {
        var record = boundary.Record;
        var t = allocation.New(RegisterColumns.Width, RegisterColumns.Height);
        Span<BabyBear> input = stackalloc BabyBear[16];
        var zero = t.Row(0);
        WriteBytes(zero, RegisterColumns.ZeroInitial, record.Pre.Registers[0]);
        WriteBytes(zero, RegisterColumns.ZeroFinal, boundary.FinalRegisters[0]);
        zero[RegisterColumns.ZeroTs] = BabyBear.FromUInt32(boundary.FinalRegisterTs[0]);
        for (var c = 0; c < RegisterColumns.Height; c++)
        {
            var row = t.Row(c);
            for (var s = 0; s < RegisterColumns.Slots; s++)
            {
                var register = (RegisterColumns.Slots * c) + 1 + s;
                var isPc = register == 32;
                var initial = isPc ? record.Pre.Pc : record.Pre.Registers[register];
                var final = isPc ? record.Post.Pc : boundary.FinalRegisters[register];
                WriteBytes(row, RegisterColumns.Initial.Slice(4 * s, 4), initial);
                WriteBytes(row, RegisterColumns.Final.Slice(4 * s, 4), final);
                row[RegisterColumns.FinalTs[s]] = isPc ? BabyBear.Zero : BabyBear.FromUInt32(boundary.FinalRegisterTs[register]);
                Count(bytes, Byte(initial, 0), Byte(initial, 1));
                if (isPc)
                {
                    Count(bytes, Byte(initial, 2), 16 * (initial >> 24));
                    Count(bytes, Byte(final, 0), Byte(final, 1));
                    Count(bytes, Byte(final, 2), 16 * (final >> 24));
                }
                else
                {
                    Count(bytes, Byte(initial, 2), Byte(initial, 3));
                }
            }

            var previous = c == 0 ? default : t.Row(c - 1);
            Absorb(row, previous, RegisterColumns.Initial, RegisterColumns.PreCapacity, RegisterColumns.PreSponge, permutations, input);
            Absorb(row, previous, RegisterColumns.Final, RegisterColumns.PostCapacity, RegisterColumns.PostSponge, permutations, input);
        }

        var last = t.Row(RegisterColumns.Height - 1);
        preRoot.CopyTo(last[RegisterColumns.PreRoot.Start..]);
        postRoot.CopyTo(last[RegisterColumns.PostRoot.Start..]);
        foreach (var (root, sponge, digest) in new[]
                 {
                     (RegisterColumns.PreRoot, RegisterColumns.PreSponge, RegisterColumns.PreDigest),
                     (RegisterColumns.PostRoot, RegisterColumns.PostSponge, RegisterColumns.PostDigest),
                 })
        {
            last.Slice(root.Start, 8).CopyTo(input);
            last.Slice(sponge.Start, 8).CopyTo(input[8..]);
            permutations.Permute(input, last.Slice(digest.Start, 16));
        }

        return t;
    }

    private static Dictionary<uint, Digest> Leaves(uint[] pages, byte[] data, PageLayout layout)
    {
        var leaves = new Dictionary<uint, Digest>(pages.Length);
        for (var i = 0; i < pages.Length; i++)
        {
            leaves[pages[i]] = StateHasher.HashPage(data.AsSpan(i * layout.PageBytes, layout.PageBytes));
        }

        return leaves;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidSegmentException(message);
        }
    }

    private static int Height(int rows) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(rows, 1));

    private static uint Byte(uint x, int i) => (x >> (8 * i)) & 0xFF;

    /// <summary>Counts a range lookup, or leaves it out when a value is not a byte (a forged witness).</summary>
    private static void Count(ByteCounts bytes, uint a, uint b)
    {
        if (a <= 255 && b <= 255)
        {
            bytes.Range(a, b);
        }
    }

    private static void WriteBytes(Span<BabyBear> row, ColumnRange columns, uint word)
    {
        for (var k = 0; k < 4; k++)
        {
            row[columns[k]] = BabyBear.FromUInt32(Byte(word, k));
        }
    }

    /// <summary>Two low bytes and the rest: x = d0 + 256·d1 + 65536·d2.</summary>
    private static void WriteDigits(Span<BabyBear> row, ColumnRange columns, uint x)
    {
        row[columns[0]] = BabyBear.FromUInt32(Byte(x, 0));
        row[columns[1]] = BabyBear.FromUInt32(Byte(x, 1));
        row[columns[2]] = BabyBear.FromUInt32(x >> 16);
    }

    private static Digest Digest(ReadOnlySpan<BabyBear> row, ColumnRange state) => new(row.Slice(state.Start, Hash.Digest.Length));
}
