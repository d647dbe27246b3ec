namespace Tessera.Circuit.Program;

/// <summary>
/// An instruction word as the program table holds it: the mnemonic, register numbers and the
/// immediate (sign-extended; for LUI/AUIPC already shifted by 12; for shifts the 5-bit amount).
/// <see cref="Rd"/> is 0 for instructions that write no register, so that a write with rd = 0 and no
/// write at all look the same to the circuit: nothing is written.
/// </summary>
internal readonly record struct DecodedInstruction(Opcode Op, int Rd, int Rs1, int Rs2, uint Imm)
{
    /// <summary>Decodes <paramref name="word"/>; <see cref="Opcode.None"/> when it is not an RV32IM instruction the circuit proves (EBREAK included).</summary>
    public static DecodedInstruction Decode(uint word)
    {
        var opcode = word & 0x7F;
        var rd = (int)((word >> 7) & 31);
        var f3 = (word >> 12) & 7;
        var rs1 = (int)((word >> 15) & 31);
        var rs2 = (int)((word >> 20) & 31);
        var f7 = word >> 25;
        var immI = (uint)((int)word >> 20);
        var immS = (uint)(((int)word >> 25) << 5) | ((word >> 7) & 31);
        var immB = (uint)(((int)word >> 31) << 12) | ((word & 0x80) << 4) | (((word >> 25) & 0x3F) << 5) | (((word >> 8) & 0xF) << 1);
        var immU = word & 0xFFFFF000;
        var immJ = (uint)(((int)word >> 31) << 20) | (word & 0xFF000) | (((word >> 20) & 1) << 11) | (((word >> 21) & 0x3FF) << 1);
        var none = default(DecodedInstruction);
        return opcode switch
        {
            0x37 => new(Opcode.Lui, rd, 0, 0, immU),
            0x17 => new(Opcode.Auipc, rd, 0, 0, immU),
            0x6F => new(Opcode.Jal, rd, 0, 0, immJ),
            0x67 when f3 == 0 => new(Opcode.Jalr, rd, rs1, 0, immI),
            0x63 => f3 switch
            {
                0 => new(Opcode.Beq, 0, rs1, rs2, immB),
                1 => new(Opcode.Bne, 0, rs1, rs2, immB),
                4 => new(Opcode.Blt, 0, rs1, rs2, immB),
                5 => new(Opcode.Bge, 0, rs1, rs2, immB),
                6 => new(Opcode.Bltu, 0, rs1, rs2, immB),
                7 => new(Opcode.Bgeu, 0, rs1, rs2, immB),
                _ => none,
            },
            0x03 => f3 switch
            {
                0 => new(Opcode.Lb, rd, rs1, 0, immI),
                1 => new(Opcode.Lh, rd, rs1, 0, immI),
                2 => new(Opcode.Lw, rd, rs1, 0, immI),
                4 => new(Opcode.Lbu, rd, rs1, 0, immI),
                5 => new(Opcode.Lhu, rd, rs1, 0, immI),
                _ => none,
            },
            0x23 => f3 switch
            {
                0 => new(Opcode.Sb, 0, rs1, rs2, immS),
                1 => new(Opcode.Sh, 0, rs1, rs2, immS),
                2 => new(Opcode.Sw, 0, rs1, rs2, immS),
                _ => none,
            },
            0x13 => f3 switch
            {
                0 => new(Opcode.Addi, rd, rs1, 0, immI),
                2 => new(Opcode.Slti, rd, rs1, 0, immI),
                3 => new(Opcode.Sltiu, rd, rs1, 0, immI),
                4 => new(Opcode.Xori, rd, rs1, 0, immI),
                6 => new(Opcode.Ori, rd, rs1, 0, immI),
                7 => new(Opcode.Andi, rd, rs1, 0, immI),
                1 when f7 == 0 => new(Opcode.Slli, rd, rs1, 0, (uint)rs2),
                5 when f7 == 0 => new(Opcode.Srli, rd, rs1, 0, (uint)rs2),
                5 when f7 == 0x20 => new(Opcode.Srai, rd, rs1, 0, (uint)rs2),
                _ => none,
            },
            0x33 => (f7, f3) switch
            {
                (0, 0) => new(Opcode.Add, rd, rs1, rs2, 0),
                (0x20, 0) => new(Opcode.Sub, rd, rs1, rs2, 0),
                (0, 1) => new(Opcode.Sll, rd, rs1, rs2, 0),
                (0, 2) => new(Opcode.Slt, rd, rs1, rs2, 0),
                (0, 3) => new(Opcode.Sltu, rd, rs1, rs2, 0),
                (0, 4) => new(Opcode.Xor, rd, rs1, rs2, 0),
                (0, 5) => new(Opcode.Srl, rd, rs1, rs2, 0),
                (0x20, 5) => new(Opcode.Sra, rd, rs1, rs2, 0),
                (0, 6) => new(Opcode.Or, rd, rs1, rs2, 0),
                (0, 7) => new(Opcode.And, rd, rs1, rs2, 0),
                (1, 0) => new(Opcode.Mul, rd, rs1, rs2, 0),
                (1, 1) => new(Opcode.Mulh, rd, rs1, rs2, 0),
                (1, 2) => new(Opcode.Mulhsu, rd, rs1, rs2, 0),
                (1, 3) => new(Opcode.Mulhu, rd, rs1, rs2, 0),
                (1, 4) => new(Opcode.Div, rd, rs1, rs2, 0),
                (1, 5) => new(Opcode.Divu, rd, rs1, rs2, 0),
                (1, 6) => new(Opcode.Rem, rd, rs1, rs2, 0),
                (1, 7) => new(Opcode.Remu, rd, rs1, rs2, 0),
                _ => none,
            },
            0x0F when f3 == 0 || f3 == 1 => new(Opcode.Fence, 0, 0, 0, 0),
            0x73 when word == 0x00000073 => new(Opcode.Ecall, 0, 0, 0, 0),
            _ => none,
        };
    }
}
