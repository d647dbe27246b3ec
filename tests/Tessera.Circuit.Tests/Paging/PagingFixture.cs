using System.Buffers.Binary;

using Tessera.Circuit.Lookups;
using Tessera.Circuit.Paging;
using Tessera.Hash;
using Tessera.Stark;
using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;

namespace Tessera.Circuit.Tests.Paging;

/// <summary>
/// A real segment of the sort guest (300 random words) (po2 13, default pages) and its memory boundary: final
/// contents by running the plain machine to the segment's end, synthetic timestamps 1, 2, … for the
/// words and registers the segment changes (0 for the rest).
/// </summary>
internal static class PagingFixture
{
    private static readonly Lazy<MemoryBoundary> Segment = new(Make);

    /// <summary>The honest boundary of a middle segment.</summary>
    public static MemoryBoundary Honest => Segment.Value;

    public static PageLayout Layout => new(Honest.Record.PageShift);

    private static MemoryBoundary Make()
    {
        var program = ElfProgram.Load(ExamplePath("sort"));
        var input = new byte[4 * 300];
        new Random(300).NextBytes(input);
        var records = new List<SegmentRecord>();
        Executor.Run(program, input, new ExecutionOptions { Po2 = 13, KeepRecords = true }, records.Add);
        var index = Math.Min(1, records.Count - 1);
        var record = records[index];
        var cycles = records.Take(index + 1).Sum(r => r.UserCycles);

        using var m = new Tessera.Vm.Execution.Machine(program, input);
        try
        {
            m.Run(cycles);
        }
        catch (GuestFaultException e) when (e.Kind == FaultKind.CycleLimitExceeded)
        {
            // Stopped at the segment's end, as intended.
        }

        if (m.Pc != record.Post.Pc || !m.Registers.SequenceEqual(record.Post.Registers))
        {
            throw new InvalidOperationException("the plain run did not stop at the segment's post-state");
        }

        var layout = new PageLayout(record.PageShift);
        var wordsPerPage = layout.PageBytes / 4;
        var words = new uint[record.Pages.Length * wordsPerPage];
        var wordTs = new uint[words.Length];
        uint ts = 0;
        for (var i = 0; i < record.Pages.Length; i++)
        {
            var page = m.ReadMemory(record.Pages[i] << layout.PageShift, layout.PageBytes);
            for (var w = 0; w < wordsPerPage; w++)
            {
                var k = (i * wordsPerPage) + w;
                words[k] = BinaryPrimitives.ReadUInt32LittleEndian(page[(4 * w)..]);
                if (words[k] != BinaryPrimitives.ReadUInt32LittleEndian(record.PageData.AsSpan(4 * k)))
                {
                    wordTs[k] = ++ts;
                }
            }
        }

        var registers = m.Registers.ToArray();
        var registerTs = new uint[32];
        for (var r = 1; r < 32; r++)
        {
            if (registers[r] != record.Pre.Registers[r])
            {
                registerTs[r] = ++ts;
            }
        }

        return new MemoryBoundary(record, words, wordTs, registers, registerTs);
    }

    /// <summary>
    /// The machine [paging tables…, segment stand-in, bytes, Poseidon2] and its witness for
    /// <paramref name="boundary"/>, the stand-in claiming <paramref name="claimed"/>'s states
    /// (the honest record's by default). With <paramref name="validate"/> false the paging tables
    /// are built without checking the boundary, as a cheating prover would.
    /// </summary>
    public static (Stark.Machine Machine, TableWitness[] Witness) Build(
        MemoryBoundary boundary, bool validate = true, SegmentRecord? claimed = null, Func<uint, uint>? claimPrePc = null)
    {
        var record = boundary.Record;
        var claim = claimed ?? Honest.Record;
        var layout = new PageLayout(record.PageShift);
        var bytes = new ByteCounts();
        var permutations = new Permutations();
        var paging = validate ? PagingTables.Witness(boundary, bytes, permutations) : PagingTables.Build(boundary, bytes, permutations);
        var segment = SegmentAccessAir.Witness(
            Accesses(boundary), ((claimPrePc ?? (pc => pc))(claim.Pre.Pc), claim.Pre.Digest), (claim.Post.Pc, claim.Post.Digest), bytes);
        var machine = new Stark.Machine([.. PagingTables.Airs(layout), new SegmentAccessAir(), new ByteOpsAir(), new Poseidon2Air()]);
        return (machine, [.. paging, segment, bytes.Witness(), permutations.Witness(1)]);
    }

    /// <summary>Every word and register with a nonzero final timestamp, rewritten from its initial to its final value.</summary>
    public static List<(uint Address, uint Initial, uint Final, uint Ts)> Accesses(MemoryBoundary b)
    {
        var layout = new PageLayout(b.Record.PageShift);
        var wordsPerPage = layout.PageBytes / 4;
        var list = new List<(uint, uint, uint, uint)>();
        for (var k = 0; k < b.FinalWords.Length; k++)
        {
            if (b.FinalWordTs[k] != 0)
            {
                var address = (b.Record.Pages[k / wordsPerPage] << layout.PageShift) + (uint)(4 * (k % wordsPerPage));
                list.Add((address, BinaryPrimitives.ReadUInt32LittleEndian(b.Record.PageData.AsSpan(4 * k)), b.FinalWords[k], b.FinalWordTs[k]));
            }
        }

        for (var r = 0; r < 32; r++)
        {
            if (b.FinalRegisterTs[r] != 0)
            {
                list.Add(((uint)r, b.Record.Pre.Registers[r], b.FinalRegisters[r], b.FinalRegisterTs[r]));
            }
        }

        return list;
    }

    /// <summary>The sibling ids of a multi-proof, in the VM's canonical order.</summary>
    public static List<long> SiblingIds(IReadOnlyList<uint> pages, int depth) => MultiProof.SiblingIds(pages, depth);

    /// <summary>The digest of an all-zero subtree of <paramref name="height"/> levels above the leaves.</summary>
    public static Digest ZeroSubtree(PageLayout layout, int height) => MerkleMemory.ZeroDigests(layout)[height];

    private static string ExamplePath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root"), "guest", "examples", "bin", name + ".elf");
    }
}
