namespace Tessera.Circuit.Execution;

/// <summary>
/// One ECALL as the syscall tables prove it: the argument registers read, the count written back to
/// a0 (read and write), and the memory words a read fills or a write takes bytes from.
/// </summary>
internal sealed class SyscallEvent
{
    /// <summary>The instruction's clk.</summary>
    public int Clk { get; init; }

    /// <summary>a7, a0, a1, a2 as read, and each one's previous access timestamp.</summary>
    public uint Number { get; init; }

    public uint A0 { get; init; }

    public uint A1 { get; init; }

    public uint A2 { get; init; }

    public uint A7PrevTs { get; init; }

    public uint A0PrevTs { get; init; }

    public uint A1PrevTs { get; init; }

    public uint A2PrevTs { get; init; }

    /// <summary>The value written to a0 (the byte count; unused on exit).</summary>
    public uint Count { get; init; }

    /// <summary>Journal bytes committed before this syscall within the segment (write to fd 3).</summary>
    public int JournalIndex { get; init; }

    /// <summary>The words touched, in address order: (4-aligned address, value before, value after, previous access).</summary>
    public List<(uint Address, uint Before, uint After, uint PrevTs)> Words { get; init; } = [];
}
