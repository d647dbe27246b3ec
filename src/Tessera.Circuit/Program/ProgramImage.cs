using Tessera.Vm.Elf;

namespace Tessera.Circuit.Program;

/// <summary>
/// A guest's code as the circuit proves it: the executable range and every word in it decoded.
/// Code is immutable in proven execution, so this is fixed per program and becomes the program
/// table.
/// </summary>
internal sealed class ProgramImage
{
    public ProgramImage(uint codeBase, uint[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        if ((codeBase & 3) != 0)
        {
            throw new ArgumentException("The code base is 4-aligned.", nameof(codeBase));
        }

        CodeBase = codeBase;
        Words = words;
        Instructions = [.. words.Select(DecodedInstruction.Decode)];
    }

    /// <summary>The executable range's first address.</summary>
    public uint CodeBase { get; }

    /// <summary>One past the executable range.</summary>
    public uint CodeEnd => CodeBase + ((uint)Words.Length * 4);

    /// <summary>The code words.</summary>
    public uint[] Words { get; }

    /// <summary>Each word decoded (<see cref="Opcode.None"/> where it is not an instruction).</summary>
    public DecodedInstruction[] Instructions { get; }

    /// <summary>The instruction at <paramref name="pc"/>, or false when pc is misaligned or outside the code.</summary>
    public bool TryFetch(uint pc, out DecodedInstruction instruction)
    {
        var off = pc - CodeBase;
        if ((off & 3) != 0 || off >= (uint)Words.Length * 4)
        {
            instruction = default;
            return false;
        }

        instruction = Instructions[off >> 2];
        return instruction.Op != Opcode.None;
    }

    /// <summary>The code of <paramref name="program"/>: the span of its executable segments, as the executor defines it.</summary>
    public static ProgramImage From(ElfProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        var exec = program.Segments.Where(s => s.Executable).ToArray();
        var start = exec.Min(s => s.VirtualAddress) & ~3u;
        var end = (uint)((exec.Max(s => s.End) + 3) & ~3ul);
        var bytes = new byte[end - start];
        foreach (var s in program.Segments)
        {
            var lo = Math.Max(s.VirtualAddress, start);
            var hi = Math.Min(s.VirtualAddress + (ulong)s.Data.Length, end);
            if (lo < hi)
            {
                s.Data.Span[(int)(lo - s.VirtualAddress)..(int)(hi - s.VirtualAddress)].CopyTo(bytes.AsSpan((int)(lo - start)));
            }
        }

        var words = new uint[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, words, 0, bytes.Length);
        return new ProgramImage(start, words);
    }
}
