using System.Runtime.InteropServices;

namespace Tessera.Vm.Execution;

/// <summary>
/// One predecoded instruction, 8 bytes so the code array stays cache-dense. Rd is remapped from x0 to
/// the discard register 32 so the executor writes unconditionally and x0 stays zero. For branches and
/// JAL, Imm is the target's index in the code array, or <see cref="Decoder.BadTarget"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct Instruction
{
    public Op Op;
    public byte Rd;
    public byte Rs1;
    public byte Rs2;
    public int Imm;
}
