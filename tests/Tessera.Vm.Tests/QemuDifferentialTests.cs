using Tessera.Vm.Elf;
using Tessera.Vm.Execution;

using static Tessera.Vm.Tests.Asm;

namespace Tessera.Vm.Tests;

/// <summary>Random rv32im instruction streams run under Tessera and under qemu-riscv32 must agree on every register and the exit code.</summary>
public class QemuDifferentialTests
{
    private const int Base = 31; // holds the data address; never a destination
    private static readonly uint[] Interesting = [0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 31, 32];

    private static List<uint> RandomProgram(Random rng, int length)
    {
        var code = new List<uint>();
        code.AddRange(Li(Base, TestElf.DataBase));
        for (var r = 1; r < Base; r++)
        {
            code.AddRange(Li(r, rng.Next(3) == 0 ? Interesting[rng.Next(Interesting.Length)] : (uint)rng.NextInt64(1L << 32)));
        }

        int Reg() => rng.Next(32) is var r && r == Base ? 0 : r;
        for (var k = 0; k < length; k++)
        {
            switch (rng.Next(10))
            {
                case < 4:
                    {
                        (uint F7, uint F3)[] ops = [(0, 0), (0x20, 0), (0, 1), (0, 2), (0, 3), (0, 4), (0, 5), (0x20, 5), (0, 6), (0, 7), (1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7)];
                        var (f7, f3) = ops[rng.Next(ops.Length)];
                        code.Add(Op(f7, f3, Reg(), Reg(), Reg()));
                        break;
                    }

                case < 6:
                    {
                        uint[] f3s = [0, 2, 3, 4, 6, 7];
                        code.Add(OpImm(f3s[rng.Next(f3s.Length)], Reg(), Reg(), rng.Next(-2048, 2048)));
                        break;
                    }

                case 6:
                    {
                        (uint F3, uint F7)[] shifts = [(1, 0), (5, 0), (5, 0x20)];
                        var (f3, f7) = shifts[rng.Next(shifts.Length)];
                        code.Add(Shift(f3, f7, Reg(), Reg(), rng.Next(32)));
                        break;
                    }

                case 7:
                    code.Add(rng.Next(2) == 0 ? Lui(Reg(), (uint)rng.Next(1 << 20)) : Auipc(Reg(), (uint)rng.Next(1 << 20)));
                    break;
                case 8:
                    {
                        // Aligned store then load back through another register, inside the data page.
                        uint[] widths = [0, 1, 2];
                        var f3 = widths[rng.Next(3)];
                        var off = rng.Next(0, 512) & ~((1 << (int)f3) - 1);
                        code.Add(Store(f3, Reg(), Base, off));
                        uint[] loads = [0, 1, 2, 4, 5];
                        var lf3 = loads[rng.Next(loads.Length)];
                        code.Add(Load(lf3, Reg(), Base, off & ~((1 << (int)(lf3 & 3)) - 1)));
                        break;
                    }

                default:
                    {
                        // Forward branch over 0..2 instructions.
                        uint[] f3s = [0, 1, 4, 5, 6, 7];
                        var skip = rng.Next(3);
                        code.Add(Branch(f3s[rng.Next(f3s.Length)], Reg(), Reg(), 4 * (skip + 1)));
                        for (var s = 0; s < skip; s++)
                        {
                            code.Add(Addi(Reg(), Reg(), rng.Next(-100, 100)));
                        }

                        break;
                    }
            }
        }

        // Dump x1..x30 at data + 0x800, write them to stdout, exit with the low byte of x5's sum with x6.
        for (var r = 1; r < Base; r++)
        {
            code.Add(Sw(r, Base, 0x700 + (4 * r)));
        }

        code.AddRange(Write(1, TestElf.DataBase + 0x700, 4 * Base));
        code.Add(Lw(5, Base, 0x700 + 20));
        code.Add(Lw(6, Base, 0x700 + 24));
        code.Add(Op(0, 0, A0, 5, 6));
        code.AddRange(Exit());
        return code;
    }

    [Fact]
    public void RandomStreamsMatchQemu()
    {
        Assert.True(Qemu.Available, "qemu-riscv32 is missing: run scripts/setup.sh");
        var rng = new Random(20261124);
        for (var n = 0; n < 40; n++)
        {
            var elf = TestElf.Build(RandomProgram(rng, 300));
            using var m = new Machine(ElfProgram.Parse(elf), ReadOnlyMemory<byte>.Empty);
            m.Run(1_000_000);
            var q = Qemu.Run(elf);
            Assert.True(q.Stdout.AsSpan().SequenceEqual(m.Stdout), $"program {n}: registers differ");
            Assert.Equal(q.ExitCode, (int)(m.ExitCode & 0xFF));
        }
    }

    [Fact]
    public void SyscallsMatchQemu()
    {
        var code = new List<uint>();
        code.AddRange([.. Li(A0, 0), .. Li(A1, TestElf.DataBase), .. Li(A2, 7), .. Li(A7, 63), Ecall, Addi(20, A0, 0)]);
        code.AddRange(Write(1, TestElf.DataBase, 7));
        code.AddRange(Write(3, TestElf.DataBase + 2, 5));
        code.AddRange([Addi(A0, 20, 200), .. Exit()]);
        var elf = TestElf.Build(code);
        byte[] input = [65, 66, 67, 68, 69, 70, 71, 72, 73];
        using var m = new Machine(ElfProgram.Parse(elf), input);
        m.Run(1000);
        var q = Qemu.Run(elf, input);
        Assert.Equal(q.Stdout, m.Stdout.ToArray());
        Assert.Equal(q.Journal, m.Journal.ToArray());
        Assert.Equal(q.ExitCode, (int)(m.ExitCode & 0xFF));
        Assert.Equal(207, q.ExitCode);
    }
}
