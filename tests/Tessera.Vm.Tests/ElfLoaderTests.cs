using System.Buffers.Binary;

using Tessera.Vm.Elf;

using static Tessera.Vm.Tests.Asm;

namespace Tessera.Vm.Tests;

public class ElfLoaderTests
{
    private static byte[] Valid() => TestElf.Build([Addi(A0, 0, 1), .. Exit()], [1, 2, 3, 4]);

    private static ElfError Refusal(Action<byte[]> mutate)
    {
        var elf = Valid();
        mutate(elf);
        return Assert.Throws<InvalidElfException>(() => ElfProgram.Parse(elf)).Reason;
    }

    private static Span<byte> Phdr(byte[] elf, int index) => elf.AsSpan(52 + (32 * index), 32);

    [Fact]
    public void LoadsSegmentsAndEntry()
    {
        var p = ElfProgram.Parse(Valid());
        Assert.Equal(TestElf.CodeBase, p.Entry);
        Assert.Equal(2, p.Segments.Count);
        Assert.True(p.Segments[0].Executable);
        Assert.False(p.Segments[0].Writable);
        Assert.Equal(TestElf.DataBase, p.Segments[1].VirtualAddress);
        Assert.Equal(TestElf.DataSize, p.Segments[1].MemorySize);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, p.Segments[1].Data.ToArray());
    }

    [Fact]
    public void RefusesNonElf() => Assert.Equal(ElfError.NotElf, Assert.Throws<InvalidElfException>(() => ElfProgram.Parse("#!/bin/sh\n"u8.ToArray())).Reason);

    [Fact]
    public void Refuses64Bit() => Assert.Equal(ElfError.Not32Bit, Refusal(e => e[4] = 2));

    [Fact]
    public void RefusesBigEndian() => Assert.Equal(ElfError.NotLittleEndian, Refusal(e => e[5] = 2));

    [Fact]
    public void RefusesOtherMachines() => Assert.Equal(ElfError.NotRiscV, Refusal(e => BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(18), 62)));

    [Fact]
    public void RefusesSharedObjects() => Assert.Equal(ElfError.NotExecutable, Refusal(e => BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(16), 3)));

    [Theory]
    [InlineData(3u)]
    [InlineData(2u)]
    public void RefusesDynamicExecutables(uint type) =>
        Assert.Equal(ElfError.Dynamic, Refusal(e => BinaryPrimitives.WriteUInt32LittleEndian(Phdr(e, 1), type)));

    [Fact]
    public void RefusesCompressedCode() => Assert.Equal(ElfError.CompressedInstructions, Refusal(e => e[36] = 1));

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void RefusesFloatAbiAndRve(byte flags) => Assert.Equal(ElfError.UnsupportedAbi, Refusal(e => e[36] = flags));

    [Fact]
    public void RefusesOddProgramHeaderSize() => Assert.Equal(ElfError.MalformedHeader, Refusal(e => e[42] = 40));

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    [InlineData(100)]
    [InlineData(0x1002)]
    public void RefusesTruncatedFiles(int length)
    {
        var elf = Valid()[..length];
        Assert.Equal(ElfError.Truncated, Assert.Throws<InvalidElfException>(() => ElfProgram.Parse(elf)).Reason);
    }

    [Fact]
    public void RefusesFileSizeAboveMemorySize() =>
        Assert.Equal(ElfError.FileSizeExceedsMemorySize, Refusal(e => BinaryPrimitives.WriteUInt32LittleEndian(Phdr(e, 1)[20..], 2)));

    [Fact]
    public void RefusesOverlappingSegments() =>
        Assert.Equal(ElfError.SegmentsOverlap, Refusal(e => BinaryPrimitives.WriteUInt32LittleEndian(Phdr(e, 1)[8..], TestElf.CodeBase + 4)));

    [Theory]
    [InlineData(0x0000_0000u, 16u)]
    [InlineData(0x0000_FFF0u, 0x20u)]
    [InlineData(0x0FFF_FFF0u, 0x20u)]
    [InlineData(0xFFFF_FFF0u, 0x20u)]
    public void RefusesSegmentsOutsideGuestMemory(uint vaddr, uint memsz) =>
        Assert.Equal(ElfError.SegmentOutOfRange, Refusal(e =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(Phdr(e, 1)[8..], vaddr);
            BinaryPrimitives.WriteUInt32LittleEndian(Phdr(e, 1)[20..], memsz);
        }));

    [Fact]
    public void RefusesFileWithoutCode() => Assert.Equal(ElfError.NoCode, Refusal(e => Phdr(e, 0)[24] = 4));

    [Theory]
    [InlineData(TestElf.CodeBase + 2)]
    [InlineData(TestElf.DataBase)]
    [InlineData(0u)]
    public void RefusesBadEntryPoints(uint entry) =>
        Assert.Equal(ElfError.BadEntryPoint, Refusal(e => BinaryPrimitives.WriteUInt32LittleEndian(e.AsSpan(24), entry)));

    [Fact]
    public void FileWritesTheReasonIntoTheMessage()
    {
        var elf = Valid();
        elf[36] = 1;
        Assert.Contains("compressed", Assert.Throws<InvalidElfException>(() => ElfProgram.Parse(elf)).Message, StringComparison.Ordinal);
    }
}
