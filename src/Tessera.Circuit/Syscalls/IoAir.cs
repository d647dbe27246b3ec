using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;
using Tessera.Vm.Memory;

namespace Tessera.Circuit.Syscalls;

/// <summary>
/// A syscall's transfer, one memory word per row: the row takes (clk, kind, cursor, remaining,
/// journal index) from the <c>io</c> bus, covers the run of enabled bytes e0..e3 that starts at the
/// cursor's offset in the word (one-hot o0..o3), and passes (clk, kind, cursor + n, remaining − n,
/// journal index + n for fd 3) on; a run that stops before the word's end must leave nothing
/// remaining. The word is accessed once, in the ECALL's memory slot. A read (kind 1) may change the
/// enabled bytes only (to range-checked advice); a write (kind 2, fd 1 or 2) and a journal write
/// (kind 3) change nothing; a journal write absorbs each enabled byte into the journal digest with a
/// Poseidon2 compression (<see cref="JournalHasher"/>), chained on the <c>journal</c> bus.
/// </summary>
internal sealed class IoAir : IAir
{
    private const int Chunk = 1024;

    private readonly int _clk, _read, _debug, _journal, _word, _remaining, _index;
    private readonly int[] _offset, _enabled;
    private readonly WordColumns _after;
    private readonly MemoryAccess _access;
    private readonly int[][] _digest; // J0..J4, 8 columns each
    private readonly int[][] _high;   // the upper half of each byte's permutation output

    public IoAir()
    {
        var c = new ColumnAllocator();
        _clk = c.Next();
        _read = c.Next();
        _debug = c.Next();
        _journal = c.Next();
        _word = c.Next();
        _remaining = c.Next();
        _index = c.Next();
        _offset = c.Take(4);
        _enabled = c.Take(4);
        _after = c.Word();
        _access = MemoryAccess.Write("io word", c);
        _digest = [.. Enumerable.Range(0, 5).Select(_ => c.Take(8))];
        _high = [.. Enumerable.Range(0, 4).Select(_ => c.Take(8))];
        Width = c.Count;
    }

    public string Name => "io";

    /// <summary>The column of element <paramref name="i"/> of the journal digest after byte <paramref name="k"/> − 1 of the row (k = 0: before the row), for tests.</summary>
    internal int DigestColumn(int k, int i) => _digest[k][i];

    /// <summary>The column of byte <paramref name="k"/> of the word after the transfer.</summary>
    internal int AfterByteColumn(int k) => _after.Bytes[k];

    /// <summary>The column of the enable flag of byte <paramref name="k"/> of the row's word.</summary>
    internal int EnabledColumn(int k) => _enabled[k];

    /// <summary>The column of the flag of a journal write (kind 3).</summary>
    internal int JournalFlagColumn => _journal;

    /// <summary>The column of the flag of a read (kind 1).</summary>
    internal int ReadFlagColumn => _read;

    public int Width { get; }

    public void Eval(AirBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        Expr M(int col) => b.Main(col);
        var read = M(_read);
        var debug = M(_debug);
        var journal = M(_journal);
        var isReal = read + debug + journal;
        b.AssertBool("io: read boolean", read);
        b.AssertBool("io: write boolean", debug);
        b.AssertBool("io: journal boolean", journal);
        b.AssertBool("io: one kind", isReal);
        var o = _offset.Select(M).ToArray();
        var e = _enabled.Select(M).ToArray();
        for (var k = 0; k < 4; k++)
        {
            b.AssertBool($"io: offset {k} boolean", o[k]);
            b.AssertBool($"io: byte {k} enabled boolean", e[k]);
            b.AssertZero($"io: byte {k} not before the start", e[k] * Expr.Sum(o.Skip(k + 1)));
            if (k > 0)
            {
                b.AssertZero($"io: byte {k} continues the run", e[k] * (1 - e[k - 1]) * (1 - o[k]));
            }
        }

        b.AssertZero("io: one start offset", Expr.Sum(o) - isReal);
        b.AssertZero("io: the start byte is enabled", Expr.Sum(o.Zip(e, (x, y) => x * y)) - isReal);
        var n = Expr.Sum(e);
        var cursor = M(_word) + o[1] + (2 * o[2]) + (3 * o[3]);
        var remaining = M(_remaining);
        var index = M(_index);
        b.AssertZero("io: a run that ends inside the word is the last", (1 - e[3]) * (remaining - n));
        var kind = read + (2 * debug) + (3 * journal);
        b.Receive(Buses.Io, isReal, M(_clk), kind, cursor, remaining, index);
        b.Send(Buses.Io, isReal, M(_clk), kind, cursor + n, remaining - n, index + (journal * n));

        var after = _after.Read(b);
        var before = _access.Previous!.Value.Read(b);
        _access.Eval(b, isReal, M(_word), after, (Timestamps.PerCycle * M(_clk)) + (Timestamps.SlotMemory + 1));
        for (var k = 0; k < 4; k++)
        {
            b.AssertZero($"io: byte {k} outside the run unchanged", (1 - e[k]) * (after[k] - before[k]));
            b.AssertZero($"io: byte {k} unchanged by a write", (debug + journal) * (after[k] - before[k]));
        }

        b.Send(Buses.Byte, read, Expr.Const((int)ByteOp.Range), after[0], after[1], Expr.Zero);
        b.Send(Buses.Byte, read, Expr.Const((int)ByteOp.Range), after[2], after[3], Expr.Zero);

        // The journal: J(k+1) = compress(J(k), (byte k, tag, 0…)) where byte k is enabled.
        var j = _digest.Select(cols => cols.Select(M).ToArray()).ToArray();
        for (var k = 0; k < 4; k++)
        {
            var absorb = journal * e[k];
            Expr[] input = [.. j[k], before[k], Expr.Const(JournalHasher.ByteTag), .. Enumerable.Repeat(Expr.Zero, 6)];
            b.Receive(Buses.Poseidon2, absorb, [.. input, .. j[k + 1], .. _high[k].Select(M)]);
            for (var i = 0; i < 8; i++)
            {
                b.AssertZero($"io: journal digest passes byte {k}", (1 - absorb) * (j[k + 1][i] - j[k][i]));
            }
        }

        b.Receive(Buses.Journal, journal, [index, .. j[0]]);
        b.Send(Buses.Journal, journal, [index + n, .. j[4]]);
    }

    /// <summary>
    /// The table's witness: one row per word of every read and write, the journal digests computed
    /// from <paramref name="journalBefore"/> (each absorption counted in <paramref name="permutations"/>).
    /// </summary>
    public TableWitness Witness(SegmentTrace trace, Hash.Digest journalBefore, ByteCounts bytes, Permutations permutations, TraceAllocation allocation = default)
    {
        var rows = new List<(SyscallEvent Ev, int Word)>();
        foreach (var ev in trace.Syscalls)
        {
            for (var i = 0; i < ev.Words.Count; i++)
            {
                rows.Add((ev, i));
            }
        }

        // The digest after every journal byte of the segment, in order (sequential: each step needs the last).
        var digests = new BabyBear[trace.Journal.Length + 1][];
        digests[0] = new BabyBear[8];
        journalBefore.CopyTo(digests[0]);
        Span<BabyBear> state = stackalloc BabyBear[16];
        Span<BabyBear> output = stackalloc BabyBear[16];
        var highs = new BabyBear[trace.Journal.Length][];
        for (var i = 0; i < trace.Journal.Length; i++)
        {
            digests[i].CopyTo(state);
            state[8..].Clear();
            state[8] = BabyBear.FromCanonical(trace.Journal[i]);
            state[9] = BabyBear.FromCanonical(JournalHasher.ByteTag);
            permutations.Permute(state, output);
            digests[i + 1] = output[..8].ToArray();
            highs[i] = output[8..].ToArray();
        }

        var height = Math.Max(Instructions.InstructionAir.MinimumHeight, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, rows.Count)));
        var t = allocation.New(Width, height);
        Parallel.For(0, (rows.Count + Chunk - 1) / Chunk, chunk =>
        {
            for (var r = chunk * Chunk; r < Math.Min(rows.Count, (chunk + 1) * Chunk); r++)
            {
                Fill(t.Row(r), rows[r].Ev, rows[r].Word, digests, highs, bytes);
            }
        });
        return new TableWitness(t);
    }

    private void Fill(Span<BabyBear> row, SyscallEvent ev, int wordIndex, BabyBear[][] digests, BabyBear[][] highs, ByteCounts bytes)
    {
        static BabyBear F(uint v) => BabyBear.FromCanonical(v);
        var (w, before, after, prevTs) = ev.Words[wordIndex];
        var isRead = ev.Number == Vm.Execution.Machine.SysRead;
        var isJournal = !isRead && ev.A0 == Vm.Execution.Machine.FdJournal;
        row[_clk] = F((uint)ev.Clk);
        row[isRead ? _read : isJournal ? _journal : _debug] = BabyBear.One;
        row[_word] = F(w);
        var start = Math.Max(ev.A1, w);
        var end = Math.Min(ev.A1 + ev.Count, w + 4);
        var done = start - ev.A1;
        row[_remaining] = F(ev.Count - done);
        var index = (uint)ev.JournalIndex + (isJournal ? done : 0);
        row[_index] = F(index);
        row[_offset[(int)(start - w)]] = BabyBear.One;
        for (var a = start; a < end; a++)
        {
            row[_enabled[(int)(a - w)]] = BabyBear.One;
        }

        _after.Fill(row, after);
        _access.Fill(row, prevTs, Timestamps.Of(ev.Clk, Timestamps.SlotMemory), bytes, before);
        if (isRead)
        {
            bytes.Word(after);
        }

        if (!isJournal)
        {
            return;
        }

        var j = (int)index;
        for (var k = 0; k < 5; k++)
        {
            var a = w + (uint)k;
            for (var i = 0; i < 8; i++)
            {
                row[_digest[k][i]] = digests[j][i];
            }

            if (k < 4 && a >= start && a < end)
            {
                for (var i = 0; i < 8; i++)
                {
                    row[_high[k][i]] = highs[j][i];
                }

                j++;
            }
        }
    }
}
