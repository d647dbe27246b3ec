using System.Buffers;

using Tessera.Vm.Elf;
using Tessera.Vm.Memory;

namespace Tessera.Vm.Execution;

/// <summary>
/// An rv32im hart with its guest memory, loaded from an ELF and fed a private input. The code of the
/// executable segments is predecoded once; stores into it re-decode the words they touch, so
/// self-modifying code stays correct.
/// </summary>
public sealed unsafe partial class Machine : IDisposable
{
    private readonly GuestMemory _memory;
    private readonly Instruction[] _code;
    private readonly uint[] _regs;
    private readonly uint _codeBase;
    private readonly uint _codeBytes;
    private readonly ReadOnlyMemory<byte> _input;
    private readonly ArrayBufferWriter<byte> _stdout = new();
    private readonly ArrayBufferWriter<byte> _stderr = new();
    private readonly ArrayBufferWriter<byte> _journal = new();
    private int _index;
    private long _cycles;
    private int _inputPosition;

    /// <summary>Loads <paramref name="program"/> into a fresh machine: segments copied, registers zero, pc at the entry.</summary>
    public Machine(ElfProgram program, ReadOnlyMemory<byte> input)
        : this(CodeRange(program), input, memory =>
        {
            foreach (var s in program.Segments)
            {
                s.Data.Span.CopyTo(memory.Slice(s.VirtualAddress, s.Data.Length));
            }
        })
    {
        _index = (int)((program.Entry - _codeBase) / 4);
    }

    /// <summary>A machine whose memory is filled by <paramref name="load"/>, for replaying a segment.</summary>
    internal Machine((uint Base, uint Bytes) code, ReadOnlyMemory<byte> input, Action<GuestMemory> load)
    {
        _memory = new GuestMemory();
        load(_memory);
        _codeBase = code.Base;
        _codeBytes = code.Bytes;
        var count = (int)(_codeBytes / 4);

        // One sentinel past the end so sequential execution needs no range check.
        _code = GC.AllocateArray<Instruction>(count + 1, pinned: true);
        _code[count].Op = Op.FellOffCode;
        for (var i = 0; i < count; i++)
        {
            Redecode(i);
        }

        _regs = GC.AllocateArray<uint>(Decoder.Discard + 1, pinned: true);
        _input = input;
    }

    /// <summary>
    /// Test only: the ADD executed as cycle number <c>CorruptAddAtCycle</c> (1-based) computes a wrong
    /// sum (its low bit flipped), as a cheating executor would; −1 (the default) never. Tests show that
    /// the segment built from such a run does not prove.
    /// </summary>
    internal long CorruptAddAtCycle { get; set; } = -1;

    /// <summary>The program counter.</summary>
    public uint Pc => _codeBase + ((uint)_index * 4);

    /// <summary>Registers x0..x31.</summary>
    public ReadOnlySpan<uint> Registers => _regs.AsSpan(0, 32);

    /// <summary>User cycles executed so far (one per instruction, ECALL included).</summary>
    public long Cycles => _cycles;

    /// <summary>Whether the guest has called exit.</summary>
    public bool Exited { get; private set; }

    /// <summary>The full a0 value passed to exit (a host process would see <c>ExitCode &amp; 0xFF</c>).</summary>
    public uint ExitCode { get; private set; }

    /// <summary>Bytes written to fd 1.</summary>
    public ReadOnlySpan<byte> Stdout => _stdout.WrittenSpan;

    /// <summary>Bytes written to fd 2.</summary>
    public ReadOnlySpan<byte> Stderr => _stderr.WrittenSpan;

    /// <summary>Bytes written to fd 3, the committed journal.</summary>
    public ReadOnlySpan<byte> Journal => _journal.WrittenSpan;

    /// <summary>Bytes of private input consumed so far.</summary>
    public int InputPosition => _inputPosition;

    /// <summary>Runs until the guest exits.</summary>
    /// <param name="maxCycles">Cycle budget; reaching it without an exit is a <see cref="FaultKind.CycleLimitExceeded"/> fault.</param>
    /// <exception cref="GuestFaultException">The guest faulted or ran past <paramref name="maxCycles"/>.</exception>
    public void Run(long maxCycles)
    {
        var tracker = default(NoTracking);
        if (!Execute(ref tracker, maxCycles))
        {
            throw new GuestFaultException(FaultKind.CycleLimitExceeded, Pc, _cycles, $"no exit after {maxCycles} cycles");
        }
    }

    /// <summary>Reads guest memory (for inspection and tests).</summary>
    public ReadOnlySpan<byte> ReadMemory(uint address, int length) => _memory.Slice(address, length);

    /// <inheritdoc/>
    public void Dispose() => _memory.Dispose();

    internal GuestMemory Memory => _memory;

    internal uint[] RegisterFile => _regs;

    /// <summary>Sets pc and registers (replay of a segment from its pre-state).</summary>
    internal void SetState(uint pc, ReadOnlySpan<uint> registers)
    {
        var off = pc - _codeBase;
        if ((off & 3) != 0 || off >= _codeBytes)
        {
            throw new InvalidSegmentException($"pc 0x{pc:x8} is outside the code range");
        }

        _index = (int)(off / 4);
        registers[1..32].CopyTo(_regs.AsSpan(1));
        _regs[0] = 0;
    }

    private static (uint Base, uint Bytes) CodeRange(ElfProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var exec = program.Segments.Where(s => s.Executable).ToArray();
        var start = exec.Min(s => s.VirtualAddress) & ~3u;
        var end = (uint)((exec.Max(s => s.End) + 3) & ~3ul);
        return (start, end - start);
    }

    internal uint CodeBase => _codeBase;

    internal uint CodeBytes => _codeBytes;

    private void Redecode(int index)
    {
        var pc = _codeBase + ((uint)index * 4);
        var word = *(uint*)(_memory.Pointer + pc);
        _code[index] = Decoder.Decode(word, pc, _codeBase, _codeBytes);
    }

    private void CodeWritten(uint address, uint length)
    {
        var first = Math.Max(address, _codeBase);
        var last = Math.Min(address + length - 1, _codeBase + _codeBytes - 1);
        for (var a = first & ~3u; a <= last; a += 4)
        {
            Redecode((int)((a - _codeBase) / 4));
        }
    }
}
