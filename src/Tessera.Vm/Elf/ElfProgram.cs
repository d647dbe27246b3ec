using System.Buffers.Binary;

namespace Tessera.Vm.Elf;

/// <summary>A static rv32im ELF executable, checked against the guest memory map.</summary>
public sealed class ElfProgram
{
    private const int HeaderSize = 52;
    private const int ProgramHeaderSize = 32;
    private const ushort EtExec = 2;
    private const ushort EmRiscV = 243;
    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const uint PtInterp = 3;
    private const uint PfX = 1;
    private const uint PfW = 2;
    private const uint EfRiscvRvc = 0x1;
    private const uint EfRiscvFloatAbi = 0x6;
    private const uint EfRiscvRve = 0x8;

    private ElfProgram(uint entry, IReadOnlyList<ElfSegment> segments)
    {
        Entry = entry;
        Segments = segments;
    }

    /// <summary>The entry point (initial pc).</summary>
    public uint Entry { get; }

    /// <summary>Loadable segments sorted by address, none overlapping, all inside guest memory.</summary>
    public IReadOnlyList<ElfSegment> Segments { get; }

    /// <summary>Reads and checks an ELF file.</summary>
    /// <exception cref="InvalidElfException">The file is not a static rv32im executable that fits guest memory.</exception>
    public static ElfProgram Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Parses and checks an ELF image.</summary>
    /// <exception cref="InvalidElfException">The image is not a static rv32im executable that fits guest memory.</exception>
    public static ElfProgram Parse(ReadOnlyMemory<byte> image)
    {
        var f = image.Span;
        ReadOnlySpan<byte> magic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];
        if (f.Length < 4 && f.Length > 0 && magic.StartsWith(f))
        {
            throw new InvalidElfException(ElfError.Truncated, "truncated ELF identification");
        }

        if (f.Length < 4 || f[0] != 0x7F || f[1] != (byte)'E' || f[2] != (byte)'L' || f[3] != (byte)'F')
        {
            throw new InvalidElfException(ElfError.NotElf, "not an ELF file (bad magic)");
        }

        if (f.Length < 6)
        {
            throw new InvalidElfException(ElfError.Truncated, "truncated ELF identification");
        }

        if (f[4] != 1)
        {
            throw new InvalidElfException(ElfError.Not32Bit, f[4] == 2 ? "64-bit ELF; only ELF32 (rv32) is supported" : $"unknown ELF class {f[4]}");
        }

        if (f[5] != 1)
        {
            throw new InvalidElfException(ElfError.NotLittleEndian, "big-endian ELF; RISC-V guests must be little-endian");
        }

        if (f.Length < HeaderSize)
        {
            throw new InvalidElfException(ElfError.Truncated, $"truncated ELF header ({f.Length} of {HeaderSize} bytes)");
        }

        var type = BinaryPrimitives.ReadUInt16LittleEndian(f[16..]);
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(f[18..]);
        var entry = BinaryPrimitives.ReadUInt32LittleEndian(f[24..]);
        var phoff = BinaryPrimitives.ReadUInt32LittleEndian(f[28..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(f[36..]);
        var phentsize = BinaryPrimitives.ReadUInt16LittleEndian(f[42..]);
        var phnum = BinaryPrimitives.ReadUInt16LittleEndian(f[44..]);

        if (machine != EmRiscV)
        {
            throw new InvalidElfException(ElfError.NotRiscV, $"machine {machine} is not RISC-V ({EmRiscV})");
        }

        if (type != EtExec)
        {
            throw new InvalidElfException(ElfError.NotExecutable, $"ELF type {type} is not a static executable (ET_EXEC)");
        }

        if ((flags & EfRiscvRvc) != 0)
        {
            throw new InvalidElfException(ElfError.CompressedInstructions, "code uses compressed instructions (EF_RISCV_RVC); build with -march=rv32im");
        }

        if ((flags & (EfRiscvFloatAbi | EfRiscvRve)) != 0)
        {
            throw new InvalidElfException(ElfError.UnsupportedAbi, $"ELF flags 0x{flags:x} ask for a float ABI or RV32E; only ilp32 rv32im is supported");
        }

        if (phentsize != ProgramHeaderSize)
        {
            throw new InvalidElfException(ElfError.MalformedHeader, $"program header size {phentsize}, expected {ProgramHeaderSize}");
        }

        if ((ulong)phoff + ((ulong)phnum * ProgramHeaderSize) > (ulong)f.Length)
        {
            throw new InvalidElfException(ElfError.Truncated, $"program headers ({phnum} at offset {phoff}) run past the end of the file");
        }

        var segments = new List<ElfSegment>();
        for (var i = 0; i < phnum; i++)
        {
            var ph = f.Slice((int)phoff + (i * ProgramHeaderSize), ProgramHeaderSize);
            var ptype = BinaryPrimitives.ReadUInt32LittleEndian(ph);
            if (ptype is PtInterp or PtDynamic)
            {
                throw new InvalidElfException(ElfError.Dynamic, "dynamically linked executable (PT_INTERP/PT_DYNAMIC); link statically");
            }

            if (ptype != PtLoad)
            {
                continue;
            }

            var offset = BinaryPrimitives.ReadUInt32LittleEndian(ph[4..]);
            var vaddr = BinaryPrimitives.ReadUInt32LittleEndian(ph[8..]);
            var filesz = BinaryPrimitives.ReadUInt32LittleEndian(ph[16..]);
            var memsz = BinaryPrimitives.ReadUInt32LittleEndian(ph[20..]);
            var pflags = BinaryPrimitives.ReadUInt32LittleEndian(ph[24..]);
            if (memsz == 0)
            {
                continue;
            }

            if (filesz > memsz)
            {
                throw new InvalidElfException(ElfError.FileSizeExceedsMemorySize, $"segment at 0x{vaddr:x8}: file size {filesz} exceeds memory size {memsz}");
            }

            if ((ulong)offset + filesz > (ulong)f.Length)
            {
                throw new InvalidElfException(ElfError.Truncated, $"segment at 0x{vaddr:x8}: file bytes [{offset}, {(ulong)offset + filesz}) run past the end of the file ({f.Length} bytes)");
            }

            if (vaddr < MemoryMap.Base || (ulong)vaddr + memsz > MemoryMap.End)
            {
                throw new InvalidElfException(ElfError.SegmentOutOfRange, $"segment [0x{vaddr:x8}, 0x{(ulong)vaddr + memsz:x8}) lies outside guest memory [0x{MemoryMap.Base:x8}, 0x{MemoryMap.End:x8})");
            }

            segments.Add(new ElfSegment(vaddr, memsz, image.Slice((int)offset, (int)filesz), (pflags & PfX) != 0, (pflags & PfW) != 0));
        }

        segments.Sort((a, b) => a.VirtualAddress.CompareTo(b.VirtualAddress));
        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i].VirtualAddress < segments[i - 1].End)
            {
                throw new InvalidElfException(ElfError.SegmentsOverlap, $"segments at 0x{segments[i - 1].VirtualAddress:x8} and 0x{segments[i].VirtualAddress:x8} overlap");
            }
        }

        if (!segments.Exists(s => s.Executable))
        {
            throw new InvalidElfException(ElfError.NoCode, "no loadable executable segment");
        }

        if ((entry & 3) != 0 || !segments.Exists(s => s.Executable && entry >= s.VirtualAddress && entry < s.End))
        {
            throw new InvalidElfException(ElfError.BadEntryPoint, $"entry point 0x{entry:x8} is not an aligned address in an executable segment");
        }

        return new ElfProgram(entry, segments);
    }
}
