namespace Tessera.Vm.Elf;

/// <summary>Why an ELF file was refused by <see cref="ElfProgram.Parse"/>.</summary>
public enum ElfError
{
    /// <summary>The file does not start with the ELF magic bytes.</summary>
    NotElf,
    /// <summary>The file ends before a header, program header or segment it declares.</summary>
    Truncated,
    /// <summary>The file is a 64-bit ELF; only ELF32 is accepted.</summary>
    Not32Bit,
    /// <summary>The file is big-endian; RISC-V guests are little-endian.</summary>
    NotLittleEndian,
    /// <summary>The machine is not RISC-V.</summary>
    NotRiscV,
    /// <summary>The file is not a static executable (ET_EXEC).</summary>
    NotExecutable,
    /// <summary>The file needs a dynamic loader (PT_INTERP or PT_DYNAMIC).</summary>
    Dynamic,
    /// <summary>The code is marked as using compressed (RVC) instructions.</summary>
    CompressedInstructions,
    /// <summary>The code uses a hardware floating-point ABI or RV32E; only rv32im/ilp32 is accepted.</summary>
    UnsupportedAbi,
    /// <summary>A header field has a value this loader cannot interpret (e.g. program header size).</summary>
    MalformedHeader,
    /// <summary>A loadable segment lies (partly) outside guest memory.</summary>
    SegmentOutOfRange,
    /// <summary>Two loadable segments overlap.</summary>
    SegmentsOverlap,
    /// <summary>A segment's file size exceeds its memory size.</summary>
    FileSizeExceedsMemorySize,
    /// <summary>The file has no loadable executable segment.</summary>
    NoCode,
    /// <summary>The entry point is not a 4-byte aligned address inside an executable segment.</summary>
    BadEntryPoint,
}
