using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

using Machine = Tessera.Vm.Execution.Machine;

namespace Tessera.Circuit.Syscalls;

/// <summary>
/// ECALL: exit (93), read (63, fd 0) and write (64, fd 1, 2, 3) as the guest ABI defines them. The
/// row reads a0, a1, a2, a7; exit passes (pc, clk + 1, halted) on and the exit code (a0) to the
/// segment on the <c>halt</c> bus, so nothing can execute after it; read and write return the count
/// in a0 and hand the transfer (clk, kind, buffer, count, journal index) to the I/O rows on the
/// <c>io</c> bus, which give back (clk, kind, buffer + count, 0, journal index after). A write's
/// count is exactly min(a2, 4096); a read's is at most that (the input is the prover's advice).
/// a1 &lt; 2^28 makes the buffer's field value its address.
/// </summary>
internal sealed class EcallAir : IAir
{
    private const int A0 = 10, A1 = 11, A2 = 12, A7 = 17;
    private const int Chunk = 1024;

    private readonly int _pc, _clk, _journal, _exit, _read, _write, _fdOut, _fdErr, _fdJournal, _big;
    private readonly WordColumns _a0, _a1, _a2, _a7, _count, _diff;
    private readonly MemoryAccess _a0Read, _a1Read, _a2Read, _a7Read;
    private readonly int[] _carry, _slack;

    public EcallAir()
    {
        var c = new ColumnAllocator();
        _pc = c.Next();
        _clk = c.Next();
        _journal = c.Next();
        _exit = c.Next();
        _read = c.Next();
        _write = c.Next();
        _fdOut = c.Next();
        _fdErr = c.Next();
        _fdJournal = c.Next();
        _big = c.Next();
        _a0 = c.Word();
        _a0Read = MemoryAccess.Read("a0", c);
        _a1 = c.Word();
        _a1Read = MemoryAccess.Read("a1", c);
        _a2 = c.Word();
        _a2Read = MemoryAccess.Read("a2", c);
        _a7 = c.Word();
        _a7Read = MemoryAccess.Read("a7", c);
        _count = c.Word();
        _diff = c.Word();
        _carry = c.Take(4);
        _slack = c.Take(2);
        Width = c.Count;
    }

    public string Name => "ecall";

    /// <summary>The column of byte <paramref name="i"/> of a0 as read (the exit code, the fd), for tests that corrupt it.</summary>
    internal int A0ByteColumn(int i) => _a0.Bytes[i];

    /// <summary>The column of byte <paramref name="i"/> of the count written back to a0.</summary>
    internal int CountByteColumn(int i) => _count.Bytes[i];

    /// <summary>The column of byte <paramref name="i"/> of a7 as read (the syscall number).</summary>
    internal int A7ByteColumn(int i) => _a7.Bytes[i];

    /// <summary>The column of byte <paramref name="i"/> of a1 as read (the buffer).</summary>
    internal int A1ByteColumn(int i) => _a1.Bytes[i];

    /// <summary>The flag column of write fd <paramref name="fd"/> (1, 2 or 3).</summary>
    internal int FdColumn(int fd) => fd switch { 1 => _fdOut, 2 => _fdErr, 3 => _fdJournal, _ => throw new ArgumentOutOfRangeException(nameof(fd)) };

    /// <summary>The column of byte <paramref name="i"/> (0 or 1) of a read's slack, min(len, 4096) − count.</summary>
    internal int SlackColumn(int i) => _slack[i];

    public int Width { get; }

    public void Eval(AirBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        Expr M(int col) => b.Main(col);
        var exit = M(_exit);
        var read = M(_read);
        var write = M(_write);
        var isReal = exit + read + write;
        var rw = read + write;
        foreach (var (name, col) in new[] { ("exit", _exit), ("read", _read), ("write", _write), ("fd 1", _fdOut), ("fd 2", _fdErr), ("fd 3", _fdJournal), ("len ≥ 4096", _big) })
        {
            b.AssertBool($"ecall: {name} boolean", M(col));
        }

        b.AssertBool("ecall: one syscall per row", isReal);
        b.AssertZero("ecall: write has one fd", write - M(_fdOut) - M(_fdErr) - M(_fdJournal));

        var pc = M(_pc);
        var clk = M(_clk);
        var journal = M(_journal);
        Expr Ts(int slot) => (Timestamps.PerCycle * clk) + (slot + 1);
        var a0 = _a0.Read(b);
        var a1 = _a1.Read(b);
        var a2 = _a2.Read(b);
        var a7 = _a7.Read(b);
        var count = _count.Read(b);
        _a0Read.Eval(b, isReal, Expr.Const(A0), a0, Ts(Timestamps.SlotRs1));
        _a1Read.Eval(b, isReal, Expr.Const(A1), a1, Ts(Timestamps.SlotRs2));
        _a2Read.Eval(b, isReal, Expr.Const(A2), a2, Ts(Timestamps.SlotRs2));
        _a7Read.Eval(b, isReal, Expr.Const(A7), a7, Ts(Timestamps.SlotRs2));

        // The syscall number, byte by byte (a value test alone would let 93 + p pass as 93).
        b.AssertZero("ecall: exit is a7 = 93", exit * (a7[0] - (int)Machine.SysExit));
        b.AssertZero("ecall: read is a7 = 63", read * (a7[0] - (int)Machine.SysRead));
        b.AssertZero("ecall: write is a7 = 64", write * (a7[0] - (int)Machine.SysWrite));
        for (var i = 1; i < 4; i++)
        {
            b.AssertZero($"ecall: a7 byte {i} is 0", isReal * a7[i]);
            b.AssertZero($"ecall: fd byte {i} is 0", rw * a0[i]);
        }

        b.AssertZero("ecall: read is from fd 0", read * a0[0]);
        b.AssertZero("ecall: write fd", write * (a0[0] - M(_fdOut) - (2 * M(_fdErr)) - (3 * M(_fdJournal))));

        // bound = min(a2, 4096): big ⇒ 4096 + e = a2, else a2 + e = 4095, with no carry out.
        var big = M(_big);
        var k = _carry.Select(M).ToArray();
        var e = _diff.Read(b);
        byte[] k4096 = [0, 16, 0, 0], k4095 = [255, 15, 0, 0];
        for (var i = 0; i < 4; i++)
        {
            var x = (big * k4096[i]) + ((1 - big) * a2[i]);
            var z = (big * a2[i]) + ((1 - big) * k4095[i]);
            b.AssertBool($"ecall: carry {i} boolean", k[i]);
            b.AssertZero($"ecall: length compare byte {i}", rw * (x + e[i] + (i == 0 ? Expr.Zero : k[i - 1]) - z - (256 * k[i])));
        }

        b.AssertZero("ecall: length compare has no carry out", rw * k[3]);
        b.Send(Buses.Byte, rw, Expr.Const((int)ByteOp.Range), e[0], e[1], Expr.Zero);
        b.Send(Buses.Byte, rw, Expr.Const((int)ByteOp.Range), e[2], e[3], Expr.Zero);
        var len = _a2.Value(b);
        var bound = (big * 4096) + ((1 - big) * len);
        var n = count[0] + (256 * count[1]);
        b.AssertZero("ecall: count is two bytes (high)", rw * count[2]);
        b.AssertZero("ecall: count is two bytes (top)", rw * count[3]);
        b.Send(Buses.Byte, rw, Expr.Const((int)ByteOp.Range), count[0], count[1], Expr.Zero);
        b.AssertZero("ecall: write moves min(len, 4096)", write * (bound - n));
        var slack = _slack.Select(M).ToArray();
        b.AssertZero("ecall: read moves at most min(len, 4096)", read * (bound - n - slack[0] - (256 * slack[1])));
        b.Send(Buses.Byte, read, Expr.Const((int)ByteOp.Range), slack[0], slack[1], Expr.Zero);

        // a0 := count, right after a0's read in slot 0.
        b.Receive(Buses.Memory, rw, [Expr.Const(A0), .. a0, Ts(Timestamps.SlotRs1)]);
        b.Send(Buses.Memory, rw, [Expr.Const(A0), .. count, Ts(Timestamps.SlotRd)]);

        // The buffer: a1 < 2^28, so its field value is the address.
        b.Send(Buses.Byte, rw, Expr.Const((int)ByteOp.Lt), a1[3], Expr.Const(16), Expr.One);
        var buffer = _a1.Value(b);
        var kind = read + (2 * (M(_fdOut) + M(_fdErr))) + (3 * M(_fdJournal));
        var journalAfter = journal + (M(_fdJournal) * n);
        b.Send(Buses.Io, rw, clk, kind, buffer, n, journal);
        b.Receive(Buses.Io, rw, clk, kind, buffer + n, Expr.Zero, journalAfter);

        b.Receive(Buses.Exec, isReal, pc, clk, Expr.Zero, journal);
        b.Send(Buses.Exec, isReal, pc + (4 * rw), clk + 1, exit, journalAfter);
        b.Send(Buses.Program, isReal, [pc, Expr.Const((int)Opcode.Ecall), .. Enumerable.Repeat(Expr.Zero, 8)]);
        b.Send(Buses.Halt, exit, a0);
    }

    /// <summary>The table's witness from the trace's syscalls.</summary>
    public TableWitness Witness(SegmentTrace trace, ByteCounts bytes, TraceAllocation allocation = default)
    {
        var events = trace.Syscalls;
        var height = Math.Max(InstructionAirHeight, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, events.Count)));
        var t = allocation.New(Width, height);
        Parallel.For(0, (events.Count + Chunk - 1) / Chunk, chunk =>
        {
            for (var r = chunk * Chunk; r < Math.Min(events.Count, (chunk + 1) * Chunk); r++)
            {
                Fill(t.Row(r), events[r], trace.Steps[events[r].Clk], bytes);
            }
        });
        return new TableWitness(t);
    }

    private const int InstructionAirHeight = Instructions.InstructionAir.MinimumHeight;

    private void Fill(Span<BabyBear> row, SyscallEvent ev, in Step s, ByteCounts bytes)
    {
        static BabyBear F(uint v) => BabyBear.FromCanonical(v);
        var clk = ev.Clk;
        row[_pc] = F(s.Pc);
        row[_clk] = F((uint)clk);
        row[_journal] = F((uint)s.JournalIndex);
        var isRead = ev.Number == Machine.SysRead;
        var isWrite = ev.Number == Machine.SysWrite;
        row[ev.Number == Machine.SysExit ? _exit : isRead ? _read : _write] = BabyBear.One;
        if (isWrite)
        {
            row[ev.A0 switch { Machine.FdStdout => _fdOut, Machine.FdStderr => _fdErr, _ => _fdJournal }] = BabyBear.One;
        }

        _a0.Fill(row, ev.A0);
        _a1.Fill(row, ev.A1);
        _a2.Fill(row, ev.A2);
        _a7.Fill(row, ev.Number);
        _a0Read.Fill(row, ev.A0PrevTs, Timestamps.Of(clk, Timestamps.SlotRs1), bytes);
        _a1Read.Fill(row, ev.A1PrevTs, Timestamps.Of(clk, Timestamps.SlotRs2), bytes);
        _a2Read.Fill(row, ev.A2PrevTs, Timestamps.Of(clk, Timestamps.SlotRs2), bytes);
        _a7Read.Fill(row, ev.A7PrevTs, Timestamps.Of(clk, Timestamps.SlotRs2), bytes);
        if (!isRead && !isWrite)
        {
            return;
        }

        _count.Fill(row, ev.Count);
        bytes.Range(ev.Count & 0xFF, (ev.Count >> 8) & 0xFF);
        var big = ev.A2 >= Machine.MaxTransfer;
        row[_big] = big ? BabyBear.One : BabyBear.Zero;
        uint x = big ? Machine.MaxTransfer : ev.A2, z = big ? ev.A2 : Machine.MaxTransfer - 1;
        var e = z - x;
        _diff.Fill(row, e);
        bytes.Word(e);
        uint carry = 0;
        for (var i = 0; i < 4; i++)
        {
            carry = (((x >> (8 * i)) & 0xFF) + ((e >> (8 * i)) & 0xFF) + carry) >> 8;
            row[_carry[i]] = F(carry);
        }

        if (isRead)
        {
            var slack = Math.Min(ev.A2, Machine.MaxTransfer) - ev.Count;
            row[_slack[0]] = F(slack & 0xFF);
            row[_slack[1]] = F(slack >> 8);
            bytes.Range(slack & 0xFF, slack >> 8);
        }

        bytes.Add(ByteOp.Lt, ev.A1 >> 24, 16);
    }
}
