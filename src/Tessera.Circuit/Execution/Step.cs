using Tessera.Circuit.Program;

namespace Tessera.Circuit.Execution;

/// <summary>
/// One executed instruction with every value its table needs: operands, result, and the previous
/// timestamp (and value) of each memory access, so a table's row is filled from its step alone.
/// The instruction's clk is its index in <see cref="SegmentTrace.Steps"/>.
/// </summary>
internal struct Step
{
    public uint Pc;
    public uint NextPc;
    public DecodedInstruction Ins;

    /// <summary>rs1's value and the timestamp of rs1's previous access.</summary>
    public uint A;
    public uint APrevTs;

    /// <summary>rs2's value (reg forms) and the timestamp of its previous access.</summary>
    public uint B;
    public uint BPrevTs;

    /// <summary>The value written to rd (when Ins.Rd ≠ 0), rd's value before, and its previous access.</summary>
    public uint Result;
    public uint RdPrev;
    public uint RdPrevTs;

    /// <summary>The 4-aligned address of the memory word accessed (loads and stores), its value before and after, and its previous access.</summary>
    public uint MemAddr;
    public uint MemPrev;
    public uint MemNew;
    public uint MemPrevTs;

    /// <summary>Journal bytes committed in the segment before this instruction.</summary>
    public int JournalIndex;

    /// <summary>Index of the syscall's entry in <see cref="SegmentTrace.Syscalls"/> (ECALL only), else −1.</summary>
    public int Syscall;
}
