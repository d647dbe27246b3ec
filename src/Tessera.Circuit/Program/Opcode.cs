namespace Tessera.Circuit.Program;

/// <summary>
/// The RV32IM mnemonics as the circuit numbers them: the opcode element of a <c>program</c> bus
/// tuple. Immediate forms are distinct from register forms. 0 is no instruction: the program table
/// holds it for words that do not decode and for padding, and no instruction table sends it.
/// </summary>
internal enum Opcode : byte
{
    None = 0,
    Lui, Auipc, Jal, Jalr,
    Beq, Bne, Blt, Bge, Bltu, Bgeu,
    Lb, Lh, Lw, Lbu, Lhu, Sb, Sh, Sw,
    Addi, Slti, Sltiu, Xori, Ori, Andi, Slli, Srli, Srai,
    Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And,
    Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu,
    Fence, Ecall,
}
