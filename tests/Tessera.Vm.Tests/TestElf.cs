using System.Buffers.Binary;

namespace Tessera.Vm.Tests;

/// <summary>Builds minimal static rv32 ELF executables: code at 0x10000 (R+X) and a data segment (R+W).</summary>
internal static class TestElf
{
    public const uint CodeBase = 0x0001_0000;
    public const uint DataBase = 0x0010_0000;
    public const uint DataSize = 0x0001_0000;

    public static byte[] Build(IEnumerable<uint> code, byte[]? data = null, uint dataSize = DataSize)
    {
        var words = code.ToArray();
        data ??= [];
        var codeOffset = 0x1000;
        var dataOffset = codeOffset + (((words.Length * 4) + 0xFFF) & ~0xFFF);
        var file = new byte[dataOffset + data.Length];
        var f = file.AsSpan();
        f[0] = 0x7F;
        f[1] = (byte)'E';
        f[2] = (byte)'L';
        f[3] = (byte)'F';
        f[4] = 1;
        f[5] = 1;
        f[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(f[16..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(f[18..], 243);
        BinaryPrimitives.WriteUInt32LittleEndian(f[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(f[24..], CodeBase);
        BinaryPrimitives.WriteUInt32LittleEndian(f[28..], 52);
        BinaryPrimitives.WriteUInt16LittleEndian(f[40..], 52);
        BinaryPrimitives.WriteUInt16LittleEndian(f[42..], 32);
        BinaryPrimitives.WriteUInt16LittleEndian(f[44..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(f[46..], 40);
        WritePhdr(f[52..], codeOffset, CodeBase, (uint)words.Length * 4, (uint)words.Length * 4, 5);
        WritePhdr(f[84..], dataOffset, DataBase, (uint)data.Length, Math.Max(dataSize, (uint)data.Length), 6);
        for (var i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(f[(codeOffset + (i * 4))..], words[i]);
        }

        data.CopyTo(f[dataOffset..]);
        return file;
    }

    public static void WritePhdr(Span<byte> ph, int offset, uint vaddr, uint filesz, uint memsz, uint flags)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], (uint)offset);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[8..], vaddr);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[12..], vaddr);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[16..], filesz);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[20..], memsz);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[24..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(ph[28..], 0x1000);
    }
}
