namespace Tessera.Vm.Execution;

/// <summary>Turns rv32im instruction words into <see cref="Instruction"/>s; anything else decodes as <see cref="Op.Illegal"/>.</summary>
internal static class Decoder
{
    /// <summary>Register index that receives writes to x0.</summary>
    public const byte Discard = 32;

    /// <summary>Branch/JAL target marker for a target outside the code or not 4-byte aligned.</summary>
    public const int BadTarget = int.MinValue;

    public static Instruction Decode(uint w, uint pc, uint codeBase, uint codeBytes)
    {
        var rd = (byte)((w >> 7) & 31);
        var f3 = (w >> 12) & 7;
        var rs1 = (byte)((w >> 15) & 31);
        var rs2 = (byte)((w >> 20) & 31);
        var f7 = w >> 25;
        var immI = (int)w >> 20;
        var ins = new Instruction { Rd = rd == 0 ? Discard : rd, Rs1 = rs1, Rs2 = rs2, Imm = immI };
        switch (w & 0x7F)
        {
            case 0x37:
                ins.Op = Op.LoadConst;
                ins.Imm = (int)(w & 0xFFFFF000);
                break;
            case 0x17:
                ins.Op = Op.LoadConst;
                ins.Imm = (int)(pc + (w & 0xFFFFF000));
                break;
            case 0x6F:
                ins.Op = Op.Jal;
                ins.Imm = Target(pc + (uint)JImm(w), codeBase, codeBytes);
                break;
            case 0x67:
                ins.Op = f3 == 0 ? Op.Jalr : Op.Illegal;
                break;
            case 0x63:
                ins.Op = f3 switch
                {
                    0 => Op.Beq,
                    1 => Op.Bne,
                    4 => Op.Blt,
                    5 => Op.Bge,
                    6 => Op.Bltu,
                    7 => Op.Bgeu,
                    _ => Op.Illegal,
                };
                ins.Imm = Target(pc + (uint)BImm(w), codeBase, codeBytes);
                break;
            case 0x03:
                ins.Op = f3 switch
                {
                    0 => Op.Lb,
                    1 => Op.Lh,
                    2 => Op.Lw,
                    4 => Op.Lbu,
                    5 => Op.Lhu,
                    _ => Op.Illegal,
                };
                break;
            case 0x23:
                ins.Op = f3 switch
                {
                    0 => Op.Sb,
                    1 => Op.Sh,
                    2 => Op.Sw,
                    _ => Op.Illegal,
                };
                ins.Imm = SImm(w);
                break;
            case 0x13:
                ins.Op = f3 switch
                {
                    0 => Op.Addi,
                    2 => Op.Slti,
                    3 => Op.Sltiu,
                    4 => Op.Xori,
                    6 => Op.Ori,
                    7 => Op.Andi,
                    1 => f7 == 0 ? Op.Slli : Op.Illegal,
                    _ => f7 == 0 ? Op.Srli : f7 == 0x20 ? Op.Srai : Op.Illegal,
                };
                if (f3 is 1 or 5)
                {
                    ins.Imm = rs2;
                }

                break;
            case 0x33:
                ins.Op = f7 switch
                {
                    0 => f3 switch
                    {
                        0 => Op.Add,
                        1 => Op.Sll,
                        2 => Op.Slt,
                        3 => Op.Sltu,
                        4 => Op.Xor,
                        5 => Op.Srl,
                        6 => Op.Or,
                        _ => Op.And,
                    },
                    0x20 => f3 switch
                    {
                        0 => Op.Sub,
                        5 => Op.Sra,
                        _ => Op.Illegal,
                    },
                    1 => (Op)((int)Op.Mul + (int)f3),
                    _ => Op.Illegal,
                };
                break;
            case 0x0F:
                // FENCE and FENCE.I: one hart, no caches, and stores into code re-decode at once.
                ins.Op = f3 <= 1 ? Op.Fence : Op.Illegal;
                break;
            case 0x73:
                ins.Op = w switch
                {
                    0x0000_0073 => Op.Ecall,
                    0x0010_0073 => Op.Ebreak,
                    _ => Op.Illegal,
                };
                break;
            default:
                ins.Op = Op.Illegal;
                break;
        }

        return ins;
    }

    public static int BImm(uint w) =>
        ((int)w >> 31 << 12) | (int)(((w >> 7) & 1) << 11) | (int)(((w >> 25) & 0x3F) << 5) | (int)(((w >> 8) & 0xF) << 1);

    public static int JImm(uint w) =>
        ((int)w >> 31 << 20) | (int)(w & 0xFF000) | (int)(((w >> 20) & 1) << 11) | (int)(((w >> 21) & 0x3FF) << 1);

    public static int SImm(uint w) => ((int)w >> 25 << 5) | (int)((w >> 7) & 31);

    private static int Target(uint target, uint codeBase, uint codeBytes)
    {
        var off = target - codeBase;
        return (off & 3) != 0 || off >= codeBytes ? BadTarget : (int)(off >> 2);
    }
}
