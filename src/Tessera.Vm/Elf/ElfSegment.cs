namespace Tessera.Vm.Elf;

/// <summary>One loadable segment: <see cref="Data"/> at <see cref="VirtualAddress"/>, zero-filled up to <see cref="MemorySize"/>.</summary>
/// <param name="VirtualAddress">Guest address of the first byte.</param>
/// <param name="MemorySize">Bytes the segment occupies in guest memory (file bytes plus zero fill).</param>
/// <param name="Data">Bytes taken from the file.</param>
/// <param name="Executable">Whether the segment holds code (PF_X).</param>
/// <param name="Writable">Whether the segment is writable (PF_W).</param>
public sealed record ElfSegment(uint VirtualAddress, uint MemorySize, ReadOnlyMemory<byte> Data, bool Executable, bool Writable)
{
    /// <summary>One past the last guest address of the segment.</summary>
    public ulong End => (ulong)VirtualAddress + MemorySize;
}
