namespace Tessera.Vm.Tests;

/// <summary>A tiny rv32im assembler for tests: one method per format and per instruction, words out.</summary>
internal static class Asm
{
    public const int Zero = 0, Ra = 1, Sp = 2, A0 = 10, A1 = 11, A2 = 12, A7 = 17;

    public static uint R(uint f7, int rs2, int rs1, uint f3, int rd, uint op) =>
        (f7 << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | op;

    public static uint I(int imm, int rs1, uint f3, int rd, uint op) =>
        ((uint)(imm & 0xFFF) << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | op;

    public static uint S(int imm, int rs2, int rs1, uint f3, uint op) =>
        ((uint)((imm >> 5) & 0x7F) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)(imm & 31) << 7) | op;

    public static uint B(int imm, int rs2, int rs1, uint f3) =>
        ((uint)((imm >> 12) & 1) << 31) | ((uint)((imm >> 5) & 0x3F) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15)
        | (f3 << 12) | ((uint)((imm >> 1) & 0xF) << 8) | ((uint)((imm >> 11) & 1) << 7) | 0x63;

    public static uint U(uint imm20, int rd, uint op) => (imm20 << 12) | ((uint)rd << 7) | op;

    public static uint J(int imm, int rd) =>
        ((uint)((imm >> 20) & 1) << 31) | ((uint)((imm >> 1) & 0x3FF) << 21) | ((uint)((imm >> 11) & 1) << 20)
        | ((uint)((imm >> 12) & 0xFF) << 12) | ((uint)rd << 7) | 0x6F;

    public static uint Lui(int rd, uint imm20) => U(imm20, rd, 0x37);

    public static uint Auipc(int rd, uint imm20) => U(imm20, rd, 0x17);

    public static uint Jal(int rd, int offset) => J(offset, rd);

    public static uint Jalr(int rd, int rs1, int imm) => I(imm, rs1, 0, rd, 0x67);

    public static uint Branch(uint f3, int rs1, int rs2, int offset) => B(offset, rs2, rs1, f3);

    public static uint Load(uint f3, int rd, int rs1, int imm) => I(imm, rs1, f3, rd, 0x03);

    public static uint Store(uint f3, int rs2, int rs1, int imm) => S(imm, rs2, rs1, f3, 0x23);

    public static uint OpImm(uint f3, int rd, int rs1, int imm) => I(imm, rs1, f3, rd, 0x13);

    public static uint Shift(uint f3, uint f7, int rd, int rs1, int shamt) => R(f7, shamt, rs1, f3, rd, 0x13);

    public static uint Op(uint f7, uint f3, int rd, int rs1, int rs2) => R(f7, rs2, rs1, f3, rd, 0x33);

    public static uint Addi(int rd, int rs1, int imm) => OpImm(0, rd, rs1, imm);

    public static uint Sw(int rs2, int rs1, int imm) => Store(2, rs2, rs1, imm);

    public static uint Lw(int rd, int rs1, int imm) => Load(2, rd, rs1, imm);

    public const uint Ecall = 0x0000_0073;
    public const uint Ebreak = 0x0010_0073;

    /// <summary>Two words loading any 32-bit constant (lui + addi with the carry of the sign-extended low part).</summary>
    public static IEnumerable<uint> Li(int rd, uint value)
    {
        var lo = (int)(value << 20) >> 20;
        var hi = (value - (uint)lo) >> 12;
        yield return Lui(rd, hi);
        yield return Addi(rd, rd, lo);
    }

    /// <summary>exit(a0) with a0 already set.</summary>
    public static IEnumerable<uint> Exit() => [.. Li(A7, 93), Ecall];

    /// <summary>write(fd, address, length).</summary>
    public static IEnumerable<uint> Write(uint fd, uint address, uint length) =>
        [.. Li(A0, fd), .. Li(A1, address), .. Li(A2, length), .. Li(A7, 64), Ecall];
}
