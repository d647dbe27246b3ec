using System.Runtime.InteropServices;

namespace Tessera.Vm.Guests;

/// <summary>
/// A synthetic benchmark guest, generated so the executor benchmark needs no cross-compiler: an
/// xorshift32 generator driving read-modify-write updates of a table with a multiply, 15
/// instructions per iteration (ALU, shifts, M, load, store, branch). It commits the final checksum
/// to the journal, so qemu-riscv32 can check the result.
/// </summary>
internal static class LoopGuest
{
    public const int InstructionsPerIteration = 15;
    private const uint CodeBase = 0x0001_0000;
    private const uint TableBase = 0x0010_0000;

    /// <summary>Builds the guest; it runs about <c>15 · iterations</c> cycles.</summary>
    public static byte[] Build(uint iterations, uint tableBytes = 64 * 1024)
    {
        if (tableBytes < 8 || !uint.IsPow2(tableBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(tableBytes), "table size must be a power of two ≥ 8");
        }

        const int s0 = 8, s1 = 9, s2 = 18, s3 = 19, s4 = 20, t0 = 5, t1 = 6, t2 = 7, t3 = 28, a0 = 10, a1 = 11, a2 = 12, a7 = 17;
        var code = new List<uint>();
        Li(code, s0, TableBase);
        Li(code, s1, iterations);
        Li(code, s2, 0x1234_5678);
        Li(code, s3, 0);
        Li(code, s4, tableBytes - 4);
        var loop = code.Count;
        code.Add(Shift(1, 0, t0, s2, 13));
        code.Add(R(0, 4, s2, s2, t0)); // xor
        code.Add(Shift(5, 0, t0, s2, 17));
        code.Add(R(0, 4, s2, s2, t0));
        code.Add(Shift(1, 0, t0, s2, 5));
        code.Add(R(0, 4, s2, s2, t0));
        code.Add(R(0, 7, t1, s2, s4)); // and: word-aligned table offset
        code.Add(R(0, 0, t1, t1, s0));
        code.Add(I(0, 2, t2, t1, 0x03)); // lw
        code.Add(R(0, 0, t2, t2, s2));
        code.Add(R(1, 0, t3, t2, s2)); // mul
        code.Add(S(0, t2, t1, 2)); // sw
        code.Add(R(0, 0, s3, s3, t3));
        code.Add(I(-1, 0, s1, s1, 0x13)); // addi s1, s1, -1
        code.Add(Bne(s1, 0, (loop - code.Count) * 4));
        code.Add(S(0, s3, s0, 2));
        Li(code, a0, 3);
        code.Add(I(0, 0, a1, s0, 0x13));
        Li(code, a2, 4);
        Li(code, a7, 64);
        code.Add(0x73);
        Li(code, a0, 0);
        Li(code, a7, 93);
        code.Add(0x73);
        return MinimalElf.Build(CollectionsMarshal.AsSpan(code), CodeBase, [], TableBase, tableBytes);
    }

    private static void Li(List<uint> code, int rd, uint value)
    {
        var lo = (int)(value << 20) >> 20;
        code.Add(((value - (uint)lo) & 0xFFFF_F000) | ((uint)rd << 7) | 0x37);
        code.Add(I(lo, 0, rd, rd, 0x13));
    }

    private static uint I(int imm, uint f3, int rd, int rs1, uint op) =>
        ((uint)(imm & 0xFFF) << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | op;

    private static uint R(uint f7, uint f3, int rd, int rs1, int rs2) =>
        (f7 << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | 0x33;

    private static uint Shift(uint f3, uint f7, int rd, int rs1, int shamt) =>
        (f7 << 25) | ((uint)shamt << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)rd << 7) | 0x13;

    private static uint S(int imm, int rs2, int rs1, uint f3) =>
        ((uint)((imm >> 5) & 0x7F) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15) | (f3 << 12) | ((uint)(imm & 31) << 7) | 0x23;

    private static uint Bne(int rs1, int rs2, int imm) =>
        ((uint)((imm >> 12) & 1) << 31) | ((uint)((imm >> 5) & 0x3F) << 25) | ((uint)rs2 << 20) | ((uint)rs1 << 15)
        | (1u << 12) | ((uint)((imm >> 1) & 0xF) << 8) | ((uint)((imm >> 11) & 1) << 7) | 0x63;
}
