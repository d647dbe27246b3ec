using System.Buffers;

using Tessera.Vm.Memory;

namespace Tessera.Vm.Execution;

/// <summary>The guest ABI (docs/guest-abi.md): ECALL with the Linux RISC-V numbers exit, read and write.</summary>
public sealed unsafe partial class Machine
{
    /// <summary>Syscall number of exit (a0 = code).</summary>
    public const uint SysExit = 93;

    /// <summary>Syscall number of read (a0 = fd, a1 = buffer, a2 = length).</summary>
    public const uint SysRead = 63;

    /// <summary>Syscall number of write (a0 = fd, a1 = buffer, a2 = length).</summary>
    public const uint SysWrite = 64;

    /// <summary>File descriptor of the private input.</summary>
    public const uint FdInput = 0;

    /// <summary>File descriptor of stdout (not committed).</summary>
    public const uint FdStdout = 1;

    /// <summary>File descriptor of stderr (not committed).</summary>
    public const uint FdStderr = 2;

    /// <summary>File descriptor of the journal (public output, committed).</summary>
    public const uint FdJournal = 3;

    /// <summary>
    /// Most bytes one read or write moves; a larger request gets a short count (as POSIX allows, and
    /// the SDK loops). This keeps one syscall's paging well inside the smallest segment, and it holds
    /// in plain and segmented execution alike, so both run the same cycles.
    /// </summary>
    public const uint MaxTransfer = 4096;

    private const int A0 = 10;
    private const int A1 = 11;
    private const int A2 = 12;
    private const int A7 = 17;

    /// <summary>Handles the ECALL at the current pc.</summary>
    private SyscallOutcome Syscall<T>(ref T tracker, ref long limit)
        where T : struct, IMemoryTracker
    {
        var number = _regs[A7];
        switch (number)
        {
            case SysExit:
                ExitCode = _regs[A0];
                return SyscallOutcome.Exit;
            case SysRead:
                {
                    var fd = _regs[A0];
                    if (fd != FdInput)
                    {
                        throw Fault(FaultKind.BadFileDescriptor, $"read from fd {fd}; only fd {FdInput} (input) can be read");
                    }

                    var buffer = _regs[A1];
                    var length = Math.Min(Math.Min(_regs[A2], MaxTransfer), (uint)(_input.Length - _inputPosition));
                    if (length > 0)
                    {
                        CheckBuffer(buffer, length);
                        tracker.CheckBuffer(buffer, length, write: true, Pc);
                        if (!tracker.CanAfford(buffer, length, write: true, limit - _cycles))
                        {
                            return SyscallOutcome.Defer;
                        }

                        tracker.Write(buffer, length, ref limit);
                        _input.Span.Slice(_inputPosition, (int)length).CopyTo(_memory.Slice(buffer, (int)length));
                        _inputPosition += (int)length;
                        if (buffer < _codeBase + _codeBytes && buffer + length > _codeBase)
                        {
                            CodeWritten(buffer, length);
                        }
                    }

                    _regs[A0] = length;
                    return SyscallOutcome.Continue;
                }

            case SysWrite:
                {
                    var fd = _regs[A0];
                    var sink = fd switch
                    {
                        FdStdout => _stdout,
                        FdStderr => _stderr,
                        FdJournal => _journal,
                        _ => throw Fault(FaultKind.BadFileDescriptor, $"write to fd {fd}; only fds 1, 2 and 3 can be written"),
                    };
                    var buffer = _regs[A1];
                    var length = Math.Min(_regs[A2], MaxTransfer);
                    if (length > 0)
                    {
                        CheckBuffer(buffer, length);
                        if (!tracker.CanAfford(buffer, length, write: false, limit - _cycles))
                        {
                            return SyscallOutcome.Defer;
                        }

                        tracker.Read(buffer, length, ref limit);
                        sink.Write(_memory.Slice(buffer, (int)length));
                    }

                    _regs[A0] = length;
                    return SyscallOutcome.Continue;
                }

            default:
                throw Fault(FaultKind.UnknownSyscall, $"unknown syscall number {number} (a7)");
        }
    }

    /// <summary>What the interpreter does after an ECALL.</summary>
    private enum SyscallOutcome
    {
        Continue,
        Exit,

        /// <summary>The syscall's pages do not fit the segment: stop before the ECALL, retry in the next segment.</summary>
        Defer,
    }

    private void CheckBuffer(uint buffer, uint length)
    {
        if (!GuestMemory.InRange(buffer, length))
        {
            throw Fault(FaultKind.SyscallBufferOutOfRange, $"buffer [0x{buffer:x8}, +{length}) lies outside guest memory");
        }
    }

    private GuestFaultException Fault(FaultKind kind, string detail) => new(kind, Pc, _cycles - 1, detail);
}
