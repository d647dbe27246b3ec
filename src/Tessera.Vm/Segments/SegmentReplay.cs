using Tessera.Hash;
using Tessera.Vm.Execution;
using Tessera.Vm.Memory;

namespace Tessera.Vm.Segments;

/// <summary>
/// Re-executes a segment from its record alone: checks the pages against the pre-state root, runs
/// the recorded number of cycles touching no page outside the record, and checks the post-state.
/// </summary>
public static class SegmentReplay
{
    /// <summary>Replays <paramref name="record"/> and returns the post-state it reaches.</summary>
    /// <exception cref="InvalidSegmentException">The record is inconsistent or its replay does not reach the recorded post-state.</exception>
    public static SystemState Verify(SegmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var layout = new PageLayout(record.PageShift);
        if (record.PageData.Length != record.Pages.Length << layout.PageShift)
        {
            throw new InvalidSegmentException("page data does not match the page count");
        }

        var preRoot = MultiProof.Root(Leaves(record.Pages, record.PageData, layout), record.Proof, layout.Depth);
        if (StateHasher.State(preRoot, record.Pre.Registers, record.Pre.Pc) != record.Pre.Digest)
        {
            throw new InvalidSegmentException($"segment {record.Index}: pages, proof and registers do not hash to the pre-state digest");
        }

        using var m = new Machine((record.CodeBase, record.CodeBytes), record.Input, memory =>
        {
            for (var i = 0; i < record.Pages.Length; i++)
            {
                record.PageData.AsSpan(i << layout.PageShift, layout.PageBytes).CopyTo(memory.Page(record.Pages[i], layout));
            }
        });
        m.SetState(record.Pre.Pc, record.Pre.Registers);
        var tracker = new RecordedPagesTracker(record.Pages, layout);
        bool exited;
        try
        {
            exited = m.Execute(ref tracker, record.UserCycles);
        }
        catch (GuestFaultException e)
        {
            throw new InvalidSegmentException($"segment {record.Index}: replay faulted", e);
        }

        if (exited != record.Exited || m.Cycles != record.UserCycles || (exited && m.ExitCode != record.ExitCode))
        {
            throw new InvalidSegmentException($"segment {record.Index}: replay ran {m.Cycles} cycles (exited: {exited}), record says {record.UserCycles} (exited: {record.Exited})");
        }

        if (m.InputPosition != record.Input.Length || !m.Journal.SequenceEqual(record.Journal))
        {
            throw new InvalidSegmentException($"segment {record.Index}: replay consumed or committed different bytes");
        }

        var postPages = new byte[record.PageData.Length];
        for (var i = 0; i < record.Pages.Length; i++)
        {
            m.Memory.Page(record.Pages[i], layout).CopyTo(postPages.AsSpan(i << layout.PageShift));
        }

        var postRoot = MultiProof.Root(Leaves(record.Pages, postPages, layout), record.Proof, layout.Depth);
        var post = new SystemState(m.Pc, m.Registers.ToArray(), StateHasher.State(postRoot, m.Registers, m.Pc));
        if (!post.Equals(record.Post))
        {
            throw new InvalidSegmentException($"segment {record.Index}: replay reached a different post-state");
        }

        return post;
    }

    private static Dictionary<uint, Digest> Leaves(uint[] pages, byte[] data, PageLayout layout)
    {
        var digests = new Digest[pages.Length];
        StateHasher.HashPages(data, layout.PageBytes, digests);
        var leaves = new Dictionary<uint, Digest>(pages.Length);
        for (var i = 0; i < pages.Length; i++)
        {
            leaves[pages[i]] = digests[i];
        }

        return leaves;
    }

    /// <summary>Faults the replay on any access to a page the record does not hold.</summary>
    private readonly struct RecordedPagesTracker : IMemoryTracker
    {
        private readonly bool[] _allowed;
        private readonly int _shift;

        public RecordedPagesTracker(uint[] pages, PageLayout layout)
        {
            _allowed = new bool[1 << layout.Depth];
            foreach (var p in pages)
            {
                _allowed[p] = true;
            }

            _shift = layout.PageShift;
        }

        public void Fetch(int codeIndex, ref long limit)
        {
        }

        public void Read(uint address, uint length, ref long limit) => Check(address, length);

        public void Write(uint address, uint length, ref long limit) => Check(address, length);

        public bool CanAfford(uint address, uint length, bool write, long remaining) => true;

        public void CheckAccess(uint address, uint width, bool write, uint pc)
        {
        }

        public void CheckBuffer(uint address, uint length, bool write, uint pc)
        {
        }

        private void Check(uint address, uint length)
        {
            for (var p = address >> _shift; p <= (address + length - 1) >> _shift; p++)
            {
                if (!_allowed[p])
                {
                    throw new InvalidSegmentException($"replay touched page {p}, which the record does not hold");
                }
            }
        }
    }
}
