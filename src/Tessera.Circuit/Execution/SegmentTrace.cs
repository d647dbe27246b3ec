using Tessera.Circuit.Paging;
using Tessera.Circuit.Program;
using Tessera.Vm;
using Tessera.Vm.Execution;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;

namespace Tessera.Circuit.Execution;

/// <summary>
/// A segment replayed from its record and the program alone, instruction by instruction, with every
/// access's previous value and timestamp: the input of every table's witness builder. It is a second,
/// plain implementation of RV32IM beside the executor's fast one, under the proven execution model
/// (<see cref="ProvenModel"/>); what it refuses, the circuit cannot prove.
/// </summary>
internal sealed class SegmentTrace
{
    private const int A0 = 10, A1 = 11, A2 = 12, A7 = 17;

    private readonly SegmentRecord _record;
    private readonly ProgramImage _program;
    private readonly PageLayout _layout;
    private readonly Dictionary<uint, int> _pageSlot = [];
    private readonly uint[] _words;
    private readonly uint[] _wordTs;
    private readonly uint[] _regs = new uint[32];
    private readonly uint[] _regTs = new uint[32];
    private readonly List<byte> _journal = [];
    private int _inputPosition;

    private SegmentTrace(SegmentRecord record, ProgramImage program)
    {
        _record = record;
        _program = program;
        _layout = new PageLayout(record.PageShift);
        var wordsPerPage = _layout.PageBytes / 4;
        if (record.PageData.Length != record.Pages.Length * _layout.PageBytes)
        {
            throw new InvalidSegmentException($"segment {record.Index}: page data does not match the page count");
        }

        _words = new uint[record.Pages.Length * wordsPerPage];
        _wordTs = new uint[_words.Length];
        Buffer.BlockCopy(record.PageData, 0, _words, 0, record.PageData.Length);
        for (var i = 0; i < record.Pages.Length; i++)
        {
            if (!_pageSlot.TryAdd(record.Pages[i], i))
            {
                throw new InvalidSegmentException($"segment {record.Index}: page {record.Pages[i]} is listed twice");
            }
        }

        if (record.Pre.Registers.Length != 32 || record.Pre.Registers[0] != 0)
        {
            throw new InvalidSegmentException($"segment {record.Index}: the pre-state does not hold x0 = 0 and 31 registers");
        }

        record.Pre.Registers.CopyTo(_regs, 0);
    }

    /// <summary>The executed instructions; an instruction's clk is its index.</summary>
    public Step[] Steps { get; private set; } = [];

    /// <summary>The ECALLs, in execution order.</summary>
    public List<SyscallEvent> Syscalls { get; } = [];

    /// <summary>Final contents and last access of every touched word and register.</summary>
    public MemoryBoundary Boundary { get; private set; } = null!;

    /// <summary>Journal bytes the segment committed.</summary>
    public byte[] Journal { get; private set; } = [];

    /// <summary>Whether the segment ends with exit, and the code.</summary>
    public bool Exited { get; private set; }

    public uint ExitCode { get; private set; }

    /// <summary>The state digest the replay reached: the final pages through the record's multi-proof, the final registers and pc.</summary>
    public Hash.Digest PostDigest
    {
        get
        {
            var pageBytes = _layout.PageBytes;
            var bytes = new byte[_words.Length * 4];
            Buffer.BlockCopy(_words, 0, bytes, 0, bytes.Length);
            var digests = new Hash.Digest[_record.Pages.Length];
            StateHasher.HashPages(bytes, pageBytes, digests);
            var leaves = new Dictionary<uint, Hash.Digest>();
            for (var i = 0; i < digests.Length; i++)
            {
                leaves[_record.Pages[i]] = digests[i];
            }

            var root = MultiProof.Root(leaves, _record.Proof, _layout.Depth);
            return StateHasher.State(root, _regs, PostPc);
        }
    }

    /// <summary>The pc after the segment (the ECALL's own pc when it exited).</summary>
    public uint PostPc { get; private set; }

    /// <summary>Replays <paramref name="record"/> against <paramref name="program"/>.</summary>
    /// <exception cref="InvalidSegmentException">The record is inconsistent, or its execution leaves the proven model or does not reach the recorded post-state.</exception>
    public static SegmentTrace Replay(SegmentRecord record, ProgramImage program)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(program);
        return Replay(record, program, checked((int)record.UserCycles), checkPost: true);
    }

    /// <summary>Replays the first <paramref name="cycles"/> instructions of <paramref name="record"/>; the post-state is checked only when <paramref name="checkPost"/>.</summary>
    internal static SegmentTrace Replay(SegmentRecord record, ProgramImage program, int cycles, bool checkPost)
    {
        if (record.CodeBase != program.CodeBase || record.CodeBytes != program.CodeEnd - program.CodeBase)
        {
            throw new InvalidSegmentException($"segment {record.Index} is for code at 0x{record.CodeBase:x8}+{record.CodeBytes}, the program's code is at 0x{program.CodeBase:x8}+{program.CodeEnd - program.CodeBase}");
        }

        var t = new SegmentTrace(record, program);
        try
        {
            t.Run(cycles, checkPost);
        }
        catch (GuestFaultException e)
        {
            throw new InvalidSegmentException($"segment {record.Index}: {e.Message}", e);
        }

        return t;
    }

    private void Run(int count, bool checkPost)
    {
        var steps = new Step[count];
        var pc = _record.Pre.Pc;
        for (var clk = 0; clk < count; clk++)
        {
            if (Exited)
            {
                throw Invalid($"the guest exited before cycle {clk} of {count}");
            }

            if (!_program.TryFetch(pc, out var ins))
            {
                throw Invalid($"no provable instruction at pc 0x{pc:x8} (cycle {clk})");
            }

            ref var s = ref steps[clk];
            s.Pc = pc;
            s.Ins = ins;
            s.Syscall = -1;
            s.JournalIndex = _journal.Count;
            s.NextPc = Execute(ref s, clk);
            pc = s.NextPc;
        }

        Steps = steps;
        PostPc = pc;
        Journal = [.. _journal];
        var post = _record.Post;
        if (checkPost && (Exited != _record.Exited || (Exited && ExitCode != _record.ExitCode) || pc != post.Pc
            || !_regs.AsSpan().SequenceEqual(post.Registers) || !Journal.AsSpan().SequenceEqual(_record.Journal)
            || _inputPosition != _record.Input.Length))
        {
            throw Invalid("the replay does not reach the recorded post-state, journal or input position");
        }

        Boundary = new MemoryBoundary(_record, _words, _wordTs, [.. _regs], [.. _regTs]);
    }

    private uint Execute(ref Step s, int clk)
    {
        var ins = s.Ins;
        var pc = s.Pc;
        var next = pc + 4;
        if (ins.Op == Opcode.Ecall)
        {
            s.Syscall = Syscalls.Count;
            return Syscall(clk, pc);
        }

        s.A = Read(ins.Rs1, clk, Timestamps.SlotRs1, out s.APrevTs);
        var readsRs2 = ins.Op is >= Opcode.Beq and <= Opcode.Bgeu or >= Opcode.Sb and <= Opcode.Sw or >= Opcode.Add and <= Opcode.Remu;
        if (readsRs2)
        {
            s.B = Read(ins.Rs2, clk, Timestamps.SlotRs2, out s.BPrevTs);
        }

        uint a = s.A, b = readsRs2 ? s.B : ins.Imm, r = 0;
        switch (ins.Op)
        {
            case Opcode.Lui: r = ins.Imm; break;
            case Opcode.Auipc: r = pc + ins.Imm; break;
            case Opcode.Jal: r = pc + 4; next = pc + ins.Imm; break;
            case Opcode.Jalr: r = pc + 4; next = (a + ins.Imm) & ~1u; break;
            case Opcode.Beq: next = a == b ? pc + ins.Imm : next; break;
            case Opcode.Bne: next = a != b ? pc + ins.Imm : next; break;
            case Opcode.Blt: next = (int)a < (int)b ? pc + ins.Imm : next; break;
            case Opcode.Bge: next = (int)a >= (int)b ? pc + ins.Imm : next; break;
            case Opcode.Bltu: next = a < b ? pc + ins.Imm : next; break;
            case Opcode.Bgeu: next = a >= b ? pc + ins.Imm : next; break;
            case >= Opcode.Lb and <= Opcode.Lhu: r = Load(ref s, clk, a + ins.Imm); break;
            case >= Opcode.Sb and <= Opcode.Sw: Store(ref s, clk, a + ins.Imm, b); break;
            case Opcode.Fence: break;
            default: r = Alu(ins.Op, a, b); break;
        }

        s.Result = r;
        if (ins.Rd != 0)
        {
            Write(ins.Rd, r, clk, out s.RdPrev, out s.RdPrevTs);
        }

        return next;
    }

    /// <summary>The RV32IM arithmetic of every register and immediate ALU form (b is rs2 or the immediate).</summary>
    internal static uint Alu(Opcode op, uint a, uint b) => op switch
    {
        Opcode.Add or Opcode.Addi => a + b,
        Opcode.Sub => a - b,
        Opcode.Xor or Opcode.Xori => a ^ b,
        Opcode.Or or Opcode.Ori => a | b,
        Opcode.And or Opcode.Andi => a & b,
        Opcode.Slt or Opcode.Slti => (int)a < (int)b ? 1u : 0u,
        Opcode.Sltu or Opcode.Sltiu => a < b ? 1u : 0u,
        Opcode.Sll or Opcode.Slli => a << (int)(b & 31),
        Opcode.Srl or Opcode.Srli => a >> (int)(b & 31),
        Opcode.Sra or Opcode.Srai => (uint)((int)a >> (int)(b & 31)),
        Opcode.Mul => a * b,
        Opcode.Mulh => (uint)(((long)(int)a * (int)b) >> 32),
        Opcode.Mulhsu => (uint)(((long)(int)a * (long)b) >> 32),
        Opcode.Mulhu => (uint)(((ulong)a * b) >> 32),
        Opcode.Div => b == 0 ? uint.MaxValue : (a == 0x8000_0000 && b == uint.MaxValue) ? a : (uint)((int)a / (int)b),
        Opcode.Divu => b == 0 ? uint.MaxValue : a / b,
        Opcode.Rem => b == 0 ? a : (a == 0x8000_0000 && b == uint.MaxValue) ? 0 : (uint)((int)a % (int)b),
        Opcode.Remu => b == 0 ? a : a % b,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not an ALU operation"),
    };

    private uint Load(ref Step s, int clk, uint address)
    {
        var width = s.Ins.Op switch { Opcode.Lb or Opcode.Lbu => 1u, Opcode.Lh or Opcode.Lhu => 2u, _ => 4u };
        ProvenModel.CheckAccess(address, width, write: false, _program.CodeBase, _program.CodeEnd - _program.CodeBase, s.Pc);
        var word = Access(address & ~3u, clk, out s.MemPrevTs);
        s.MemAddr = address & ~3u;
        s.MemPrev = word;
        s.MemNew = word;
        var shifted = word >> (int)(8 * (address & 3));
        return s.Ins.Op switch
        {
            Opcode.Lb => (uint)(sbyte)shifted,
            Opcode.Lbu => shifted & 0xFF,
            Opcode.Lh => (uint)(short)shifted,
            Opcode.Lhu => shifted & 0xFFFF,
            _ => word,
        };
    }

    private void Store(ref Step s, int clk, uint address, uint value)
    {
        var width = s.Ins.Op switch { Opcode.Sb => 1u, Opcode.Sh => 2u, _ => 4u };
        ProvenModel.CheckAccess(address, width, write: true, _program.CodeBase, _program.CodeEnd - _program.CodeBase, s.Pc);
        var slot = WordSlot(address & ~3u);
        var before = _words[slot];
        var shift = (int)(8 * (address & 3));
        var mask = (width == 4 ? uint.MaxValue : ((1u << (int)(8 * width)) - 1)) << shift;
        var after = (before & ~mask) | ((value << shift) & mask);
        s.MemAddr = address & ~3u;
        s.MemPrev = before;
        s.MemNew = after;
        s.MemPrevTs = _wordTs[slot];
        _words[slot] = after;
        _wordTs[slot] = Timestamps.Of(clk, Timestamps.SlotMemory);
    }

    private uint Syscall(int clk, uint pc)
    {
        var a0 = Read(A0, clk, Timestamps.SlotRs1, out var a0Ts);
        var a1 = Read(A1, clk, Timestamps.SlotRs2, out var a1Ts);
        var a2 = Read(A2, clk, Timestamps.SlotRs2, out var a2Ts);
        var a7 = Read(A7, clk, Timestamps.SlotRs2, out var a7Ts);
        uint count = 0;
        var journalIndex = _journal.Count;
        var words = new List<(uint Address, uint Before, uint After, uint PrevTs)>();
        var ev = new SyscallEvent
        {
            Clk = clk,
            Number = a7,
            A0 = a0,
            A1 = a1,
            A2 = a2,
            A0PrevTs = a0Ts,
            A1PrevTs = a1Ts,
            A2PrevTs = a2Ts,
            A7PrevTs = a7Ts,
            JournalIndex = journalIndex,
            Words = words,
            Count = a7 switch
            {
                Machine.SysRead => count = ReadInput(clk, a0, a1, a2, pc),
                Machine.SysWrite => count = WriteOut(clk, a0, a1, a2, pc),
                Machine.SysExit => 0,
                _ => throw Invalid($"unknown syscall {a7} at pc 0x{pc:x8}"),
            },
        };
        Syscalls.Add(ev);
        if (a7 == Machine.SysExit)
        {
            Exited = true;
            ExitCode = a0;
            return pc;
        }

        Write(A0, count, clk, out _, out _);
        return pc + 4;

        uint ReadInput(int c, uint fd, uint buffer, uint length, uint at)
        {
            if (fd != Machine.FdInput)
            {
                throw Invalid($"read from fd {fd} at pc 0x{at:x8}");
            }

            var n = Math.Min(Math.Min(length, Machine.MaxTransfer), (uint)(_record.Input.Length - _inputPosition));
            Transfer(c, buffer, n, write: true);
            _inputPosition += (int)n;
            return n;
        }

        uint WriteOut(int c, uint fd, uint buffer, uint length, uint at)
        {
            if (fd is not (Machine.FdStdout or Machine.FdStderr or Machine.FdJournal))
            {
                throw Invalid($"write to fd {fd} at pc 0x{at:x8}");
            }

            var n = Math.Min(length, Machine.MaxTransfer);
            Transfer(c, buffer, n, write: false, journal: fd == Machine.FdJournal);
            return n;
        }

        void Transfer(int c, uint buffer, uint n, bool write, bool journal = false)
        {
            if (n == 0)
            {
                return;
            }

            ProvenModel.CheckBuffer(buffer, n, write, _program.CodeBase, _program.CodeEnd - _program.CodeBase, pc);
            var ts = Timestamps.Of(c, Timestamps.SlotMemory);
            for (var w = buffer & ~3u; w <= ((buffer + n - 1) & ~3u); w += 4)
            {
                var slot = WordSlot(w);
                var before = _words[slot];
                var after = before;
                for (var k = 0u; k < 4; k++)
                {
                    var addr = w + k;
                    if (addr < buffer || addr >= buffer + n)
                    {
                        continue;
                    }

                    if (write)
                    {
                        var value = _record.Input[_inputPosition + (int)(addr - buffer)];
                        after = (after & ~(0xFFu << (int)(8 * k))) | ((uint)value << (int)(8 * k));
                    }
                    else if (journal)
                    {
                        _journal.Add((byte)(before >> (int)(8 * k)));
                    }
                }

                words.Add((w, before, after, _wordTs[slot]));
                _words[slot] = after;
                _wordTs[slot] = ts;
            }
        }
    }

    private uint Read(int register, int clk, int slot, out uint prevTs)
    {
        prevTs = _regTs[register];
        _regTs[register] = Timestamps.Of(clk, slot);
        return _regs[register];
    }

    private void Write(int register, uint value, int clk, out uint before, out uint prevTs)
    {
        before = _regs[register];
        prevTs = _regTs[register];
        _regs[register] = value;
        _regTs[register] = Timestamps.Of(clk, Timestamps.SlotRd);
    }

    private uint Access(uint address, int clk, out uint prevTs)
    {
        var slot = WordSlot(address);
        prevTs = _wordTs[slot];
        _wordTs[slot] = Timestamps.Of(clk, Timestamps.SlotMemory);
        return _words[slot];
    }

    private int WordSlot(uint address)
    {
        if (!_pageSlot.TryGetValue(_layout.PageOf(address), out var page))
        {
            throw Invalid($"an access to 0x{address:x8}, whose page the record does not hold");
        }

        return (page * (_layout.PageBytes / 4)) + (int)((address & (uint)(_layout.PageBytes - 1)) >> 2);
    }

    private InvalidSegmentException Invalid(string detail) => new($"segment {_record.Index}: {detail}");
}
