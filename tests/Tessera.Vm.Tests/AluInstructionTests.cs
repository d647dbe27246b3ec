using System.Numerics;

using static Tessera.Vm.Tests.Asm;

namespace Tessera.Vm.Tests;

public class AluInstructionTests
{
    private static readonly uint[] Edges =
        [0, 1, 2, 3, 5, 31, 32, 33, 0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_FFFF, 0xFFFF_FFFE, 0x1234_5678, 0x9ABC_DEF0, 0xFFFF_0000];

    private static readonly BigInteger Mod32 = BigInteger.One << 32;

    public static TheoryData<string> RegisterOps => new(Oracles.Keys);

    private static readonly Dictionary<string, (uint F7, uint F3, Func<uint, uint, uint> Oracle)> Oracles = new()
    {
        ["add"] = (0, 0, (a, b) => Wrap((BigInteger)a + b)),
        ["sub"] = (0x20, 0, (a, b) => Wrap((BigInteger)a - b)),
        ["sll"] = (0, 1, (a, b) => Wrap((BigInteger)a * BigInteger.Pow(2, (int)(b % 32)))),
        ["slt"] = (0, 2, (a, b) => (long)(int)a < (long)(int)b ? 1u : 0u),
        ["sltu"] = (0, 3, (a, b) => (ulong)a < (ulong)b ? 1u : 0u),
        ["xor"] = (0, 4, (a, b) => a ^ b),
        ["srl"] = (0, 5, (a, b) => Wrap((BigInteger)a / BigInteger.Pow(2, (int)(b % 32)))),
        ["sra"] = (0x20, 5, (a, b) => Wrap(FloorDiv((int)a, BigInteger.Pow(2, (int)(b % 32))))),
        ["or"] = (0, 6, (a, b) => a | b),
        ["and"] = (0, 7, (a, b) => a & b),
        ["mul"] = (1, 0, (a, b) => Wrap((BigInteger)a * b)),
        ["mulh"] = (1, 1, (a, b) => Wrap(FloorDiv((BigInteger)(int)a * (int)b, Mod32))),
        ["mulhsu"] = (1, 2, (a, b) => Wrap(FloorDiv((BigInteger)(int)a * b, Mod32))),
        ["mulhu"] = (1, 3, (a, b) => Wrap((BigInteger)a * b / Mod32)),
        ["div"] = (1, 4, (a, b) => b == 0 ? 0xFFFF_FFFF : Wrap(BigInteger.Divide((int)a, (int)b))),
        ["divu"] = (1, 5, (a, b) => b == 0 ? 0xFFFF_FFFF : a / b),
        ["rem"] = (1, 6, (a, b) => b == 0 ? a : Wrap(BigInteger.Remainder((int)a, (int)b))),
        ["remu"] = (1, 7, (a, b) => b == 0 ? a : a % b),
    };

    [Theory]
    [MemberData(nameof(RegisterOps))]
    public void RegisterOpMatchesOracleOnEdgeValues(string name)
    {
        var (f7, f3, oracle) = Oracles[name];
        var code = new List<uint>();
        code.AddRange(Li(8, TestElf.DataBase));
        foreach (var a in Edges)
        {
            foreach (var b in Edges)
            {
                code.AddRange(Li(5, a));
                code.AddRange(Li(6, b));
                code.Add(Op(f7, f3, 7, 5, 6));
                code.Add(Op(f7, f3, 0, 5, 6)); // x0 as destination: discarded
                code.Add(Sw(7, 8, 0));
                code.Add(Sw(0, 8, 4));
                code.Add(Addi(8, 8, 8));
            }
        }

        // rd = rs1 = rs2 aliasing
        code.AddRange(Li(9, 0x8000_0003));
        code.Add(Op(f7, f3, 9, 9, 9));
        code.AddRange(Exit());
        using var m = Guest.Run(code);
        var k = 0u;
        foreach (var a in Edges)
        {
            foreach (var b in Edges)
            {
                Assert.True(oracle(a, b) == Guest.Word(m, TestElf.DataBase + (8 * k)), $"{name} 0x{a:x8}, 0x{b:x8}");
                Assert.Equal(0u, Guest.Word(m, TestElf.DataBase + (8 * k) + 4));
                k++;
            }
        }

        Assert.Equal(oracle(0x8000_0003, 0x8000_0003), m.Registers[9]);
        Assert.Equal(0u, m.Registers[0]);
    }

    public static TheoryData<string> ImmediateOps => new(ImmOracles.Keys);

    private static readonly Dictionary<string, (uint F3, Func<uint, int, uint> Oracle)> ImmOracles = new()
    {
        ["addi"] = (0, (a, i) => Wrap((BigInteger)a + i)),
        ["slti"] = (2, (a, i) => (int)a < i ? 1u : 0u),
        ["sltiu"] = (3, (a, i) => a < (uint)i ? 1u : 0u),
        ["xori"] = (4, (a, i) => a ^ (uint)i),
        ["ori"] = (6, (a, i) => a | (uint)i),
        ["andi"] = (7, (a, i) => a & (uint)i),
    };

    [Theory]
    [MemberData(nameof(ImmediateOps))]
    public void ImmediateOpMatchesOracle(string name)
    {
        int[] imms = [0, 1, -1, 2047, -2048, 0x555, -0x556, 31];
        var (f3, oracle) = ImmOracles[name];
        var code = new List<uint>();
        code.AddRange(Li(8, TestElf.DataBase));
        foreach (var a in Edges)
        {
            foreach (var imm in imms)
            {
                code.AddRange(Li(5, a));
                code.Add(OpImm(f3, 7, 5, imm));
                code.Add(Sw(7, 8, 0));
                code.Add(Addi(8, 8, 4));
            }
        }

        code.AddRange(Exit());
        using var m = Guest.Run(code);
        var k = 0u;
        foreach (var a in Edges)
        {
            foreach (var imm in imms)
            {
                Assert.True(oracle(a, imm) == Guest.Word(m, TestElf.DataBase + (4 * k)), $"{name} 0x{a:x8}, {imm}");
                k++;
            }
        }
    }

    [Theory]
    [InlineData("slli", 1u, 0u)]
    [InlineData("srli", 5u, 0u)]
    [InlineData("srai", 5u, 0x20u)]
    public void ShiftImmediateMatchesOracle(string name, uint f3, uint f7)
    {
        var code = new List<uint>();
        code.AddRange(Li(8, TestElf.DataBase));
        foreach (var a in Edges)
        {
            for (var s = 0; s < 32; s++)
            {
                code.AddRange(Li(5, a));
                code.Add(Shift(f3, f7, 7, 5, s));
                code.Add(Sw(7, 8, 0));
                code.Add(Addi(8, 8, 4));
            }
        }

        code.AddRange(Exit());
        using var m = Guest.Run(code);
        var k = 0u;
        foreach (var a in Edges)
        {
            for (var s = 0; s < 32; s++)
            {
                var expected = name switch
                {
                    "slli" => Oracles["sll"].Oracle(a, (uint)s),
                    "srli" => Oracles["srl"].Oracle(a, (uint)s),
                    _ => Oracles["sra"].Oracle(a, (uint)s),
                };
                Assert.True(expected == Guest.Word(m, TestElf.DataBase + (4 * k)), $"{name} 0x{a:x8}, {s}");
                k++;
            }
        }
    }

    [Fact]
    public void LuiAndAuipcLoadUpperImmediates()
    {
        using var m = Guest.Run([Lui(5, 0xFFFFF), Lui(6, 0x12345), Auipc(7, 0), Auipc(9, 0x80000), Lui(0, 0x1), .. Exit()]);
        Assert.Equal(0xFFFF_F000u, m.Registers[5]);
        Assert.Equal(0x1234_5000u, m.Registers[6]);
        Assert.Equal(TestElf.CodeBase + 8, m.Registers[7]);
        Assert.Equal(TestElf.CodeBase + 12 + 0x8000_0000, m.Registers[9]);
        Assert.Equal(0u, m.Registers[0]);
    }

    [Fact]
    public void FenceAndFenceIAreNoOps()
    {
        using var m = Guest.Run([Addi(5, 0, 7), 0x0FF0_000F, 0x0000_100F, Addi(5, 5, 1), .. Exit()]);
        Assert.Equal(8u, m.Registers[5]);
    }

    private static uint Wrap(BigInteger v) => (uint)(((v % Mod32) + Mod32) % Mod32);

    private static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        return r.Sign != 0 && (r.Sign < 0) != (b.Sign < 0) ? q - 1 : q;
    }
}
