using System.Buffers.Binary;

namespace Tessera.Vm.Guests;

/// <summary>
/// Writes the smallest static rv32 ELF executable the loader and qemu-riscv32 both accept: one
/// R+X code segment at its entry point and one R+W data segment (its tail beyond the given bytes is
/// zero-filled, like bss). Generated guests (the benchmark's loop guest, the tests' programs) use it.
/// </summary>
internal static class MinimalElf
{
    private const int HeaderBytes = 52;
    private const int PhdrBytes = 32;
    private const int CodeOffset = 0x1000;

    public static byte[] Build(ReadOnlySpan<uint> code, uint codeBase, ReadOnlySpan<byte> data, uint dataBase, uint dataMemSize)
    {
        var dataOffset = CodeOffset + (((code.Length * 4) + 0xFFF) & ~0xFFF);
        var file = new byte[dataOffset + data.Length];
        var f = file.AsSpan();
        f[0] = 0x7F;
        f[1] = (byte)'E';
        f[2] = (byte)'L';
        f[3] = (byte)'F';
        f[4] = 1; // ELFCLASS32
        f[5] = 1; // little-endian
        f[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(f[16..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(f[18..], 243); // EM_RISCV
        BinaryPrimitives.WriteUInt32LittleEndian(f[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(f[24..], codeBase);
        BinaryPrimitives.WriteUInt32LittleEndian(f[28..], HeaderBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(f[40..], HeaderBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(f[42..], PhdrBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(f[44..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(f[46..], 40);
        var codeBytes = (uint)code.Length * 4;
        WritePhdr(f[HeaderBytes..], CodeOffset, codeBase, codeBytes, codeBytes, 5);
        WritePhdr(f[(HeaderBytes + PhdrBytes)..], dataOffset, dataBase, (uint)data.Length, Math.Max(dataMemSize, (uint)data.Length), 6);
        for (var i = 0; i < code.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(f[(CodeOffset + (i * 4))..], code[i]);
        }

        data.CopyTo(f[dataOffset..]);
        return file;
    }

    private static void WritePhdr(Span<byte> ph, int offset, uint vaddr, uint filesz, uint memsz, uint flags)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1); // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], (uint)offset);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[8..], vaddr);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[12..], vaddr);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[16..], filesz);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[20..], memsz);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[24..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[28..], 0x1000);
    }
}
