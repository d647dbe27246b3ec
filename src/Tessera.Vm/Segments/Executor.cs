using Tessera.Hash;
using Tessera.Vm.Elf;
using Tessera.Vm.Execution;
using Tessera.Vm.Memory;

namespace Tessera.Vm.Segments;

/// <summary>
/// Runs a guest cut into segments of at most 2^po2 total cycles (user + paging + fixed), keeping the
/// memory Merkle tree current at each boundary so every segment's pre- and post-state digests chain
/// from the image ID to the final state.
/// </summary>
public static class Executor
{
    /// <summary>Executes <paramref name="program"/> on <paramref name="input"/>.</summary>
    /// <param name="program">The guest.</param>
    /// <param name="input">Private input (fd 0).</param>
    /// <param name="options">Segment size, cycle limit, page layout, records.</param>
    /// <param name="onSegment">Receives each segment's record as it is cut (only with <see cref="ExecutionOptions.KeepRecords"/>).</param>
    /// <param name="progress">Receives the user cycles executed so far after each segment.</param>
    /// <exception cref="UnsupportedPo2Exception">po2 outside 13..24.</exception>
    /// <exception cref="GuestFaultException">The guest faulted or ran past the cycle limit.</exception>
    public static ExecutionReport Run(ElfProgram program, ReadOnlyMemory<byte> input, ExecutionOptions options, Action<SegmentRecord>? onSegment = null, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        UnsupportedPo2Exception.ThrowIfUnsupported(options.Po2);
        var layout = options.Layout;
        using var m = new Machine(program, input) { CorruptAddAtCycle = options.CorruptAddAtCycle };
        var tree = new MerkleMemory(layout);
        tree.UpdatePages(InitialPages(program, layout), m.Memory);
        var imageId = StateHasher.State(tree.Root, m.Registers, m.Pc);
        var pages = new SegmentPages(layout, m.Memory, m.CodeBase, m.CodeBytes, options.KeepRecords);
        var budget = 1L << options.Po2;
        var reserve = PagingCost.FixedPerSegment + PagingCost.WorstPerInstruction(layout);
        var pre = new SystemState(m.Pc, m.Registers.ToArray(), imageId);
        long paging = 0;
        var segments = 0;
        var journalDigest = JournalHasher.Initial;
        while (true)
        {
            pages.Begin();
            var start = m.Cycles;
            var inputStart = m.InputPosition;
            var journalStart = m.Journal.Length;
            var limit = Math.Min(start + budget - reserve, options.MaxCycles);
            var tracker = new SegmentTracker(pages);
            var exited = m.Execute(ref tracker, limit);
            if (!exited && m.Cycles >= options.MaxCycles)
            {
                throw new GuestFaultException(FaultKind.CycleLimitExceeded, m.Pc, m.Cycles, $"no exit after {options.MaxCycles} cycles");
            }

            if (!exited && m.Cycles == start)
            {
                throw new GuestFaultException(FaultKind.SyscallTooLargeForSegment, m.Pc, m.Cycles, $"the syscall's buffer needs more paging than a 2^{options.Po2}-cycle segment holds");
            }

            var touched = pages.Touched.ToArray();
            Array.Sort(touched);
            var proof = options.KeepRecords ? tree.Prove(touched) : [];
            var written = pages.Written.ToArray();
            Array.Sort(written);
            tree.UpdatePages(written, m.Memory);
            var post = new SystemState(m.Pc, m.Registers.ToArray(), StateHasher.State(tree.Root, m.Registers, m.Pc));
            var segmentPaging = pages.PagingCycles + PagingCost.FixedPerSegment;
            paging += segmentPaging;
            if (onSegment is not null && options.KeepRecords)
            {
                onSegment(new SegmentRecord
                {
                    Index = segments,
                    Po2 = options.Po2,
                    PageShift = layout.PageShift,
                    CodeBase = m.CodeBase,
                    CodeBytes = m.CodeBytes,
                    Pre = pre,
                    Post = post,
                    Pages = touched,
                    PageData = PreImagesInOrder(pages, touched, layout),
                    Proof = proof,
                    WrittenPages = written,
                    Input = input[inputStart..m.InputPosition].ToArray(),
                    JournalBefore = journalDigest,
                    Journal = m.Journal[journalStart..].ToArray(),
                    UserCycles = m.Cycles - start,
                    PagingCycles = segmentPaging,
                    Exited = exited,
                    ExitCode = exited ? m.ExitCode : 0,
                });
            }

            if (options.KeepRecords)
            {
                journalDigest = JournalHasher.Absorb(journalDigest, m.Journal[journalStart..]);
            }

            segments++;
            pre = post;
            progress?.Invoke(m.Cycles);
            if (exited)
            {
                return new ExecutionReport
                {
                    ExitCode = m.ExitCode,
                    Journal = m.Journal.ToArray(),
                    Stdout = m.Stdout.ToArray(),
                    Stderr = m.Stderr.ToArray(),
                    UserCycles = m.Cycles,
                    PagingCycles = paging,
                    Segments = segments,
                    ImageId = imageId,
                    Final = post,
                };
            }
        }
    }

    /// <summary>The image ID of a program: the state digest before its first instruction.</summary>
    public static Digest ImageId(ElfProgram program, PageLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        using var m = new Machine(program, ReadOnlyMemory<byte>.Empty);
        var tree = new MerkleMemory(layout);
        tree.UpdatePages(InitialPages(program, layout), m.Memory);
        return StateHasher.State(tree.Root, m.Registers, m.Pc);
    }

    private static uint[] InitialPages(ElfProgram program, PageLayout layout)
    {
        var set = new SortedSet<uint>();
        foreach (var s in program.Segments.Where(s => s.Data.Length > 0))
        {
            for (var p = layout.PageOf(s.VirtualAddress); p <= layout.PageOf(s.VirtualAddress + (uint)s.Data.Length - 1); p++)
            {
                set.Add(p);
            }
        }

        return [.. set];
    }

    private static byte[] PreImagesInOrder(SegmentPages pages, uint[] sorted, PageLayout layout)
    {
        var byPage = new Dictionary<uint, byte[]>(pages.Touched.Count);
        for (var i = 0; i < pages.Touched.Count; i++)
        {
            byPage[pages.Touched[i]] = pages.PreImages[i];
        }

        var data = new byte[sorted.Length << layout.PageShift];
        for (var i = 0; i < sorted.Length; i++)
        {
            byPage[sorted[i]].CopyTo(data, i << layout.PageShift);
        }

        return data;
    }
}
