using static Tessera.Vm.Tests.Asm;

namespace Tessera.Vm.Tests;

public class ControlAndMemoryInstructionTests
{
    private static readonly uint[] Edges = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 5, 0xFFFF_FFFB];

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(5u)]
    [InlineData(6u)]
    [InlineData(7u)]
    public void BranchTakesExactlyWhenConditionHolds(uint f3)
    {
        Func<uint, uint, bool> cond = f3 switch
        {
            0 => (a, b) => a == b,
            1 => (a, b) => a != b,
            4 => (a, b) => (long)(int)a < (int)b,
            5 => (a, b) => (long)(int)a >= (int)b,
            6 => (a, b) => (ulong)a < b,
            _ => (a, b) => (ulong)a >= b,
        };
        var code = new List<uint>();
        code.AddRange(Li(8, TestElf.DataBase));
        foreach (var a in Edges)
        {
            foreach (var b in Edges)
            {
                code.AddRange(Li(5, a));
                code.AddRange(Li(6, b));
                code.Add(Addi(7, 0, 0));
                code.Add(Branch(f3, 5, 6, 8));
                code.Add(Addi(7, 0, 1)); // skipped when taken
                code.Add(Sw(7, 8, 0));
                code.Add(Addi(8, 8, 4));
            }
        }

        code.AddRange(Exit());
        using var m = Guest.Run(code);
        var k = 0u;
        foreach (var a in Edges)
        {
            foreach (var b in Edges)
            {
                Assert.True((cond(a, b) ? 0u : 1u) == Guest.Word(m, TestElf.DataBase + (4 * k)), $"f3 {f3}: 0x{a:x8}, 0x{b:x8}");
                k++;
            }
        }
    }

    [Fact]
    public void BackwardBranchLoops()
    {
        // x5 counts down from 10; x6 accumulates.
        using var m = Guest.Run([Addi(5, 0, 10), Addi(6, 0, 0), Addi(6, 6, 3), Addi(5, 5, -1), Branch(1, 5, 0, -8), .. Exit()]);
        Assert.Equal(30u, m.Registers[6]);
    }

    [Fact]
    public void JalLinksAndJumps()
    {
        using var m = Guest.Run([Jal(1, 8), Addi(5, 0, 1), Jal(0, 8), Addi(6, 0, 1), .. Exit()]);
        Assert.Equal(TestElf.CodeBase + 4, m.Registers[1]);
        Assert.Equal(0u, m.Registers[5]);
        Assert.Equal(0u, m.Registers[6]);
    }

    [Fact]
    public void JalrClearsLowBitAndReadsRs1BeforeWritingRd()
    {
        // x5 = code base + 21 (odd); jalr x5, x5, 0 at base + 12 goes to base + 20 and links base + 16.
        using var m = Guest.Run([.. Li(5, TestElf.CodeBase + 21), Addi(6, 0, 1), Jalr(5, 5, 0), Addi(6, 0, 2), Addi(7, 0, 3), .. Exit()]);
        Assert.Equal(TestElf.CodeBase + 16, m.Registers[5]);
        Assert.Equal(1u, m.Registers[6]);
        Assert.Equal(3u, m.Registers[7]);
    }

    [Fact]
    public void JalrWithNegativeImmediate()
    {
        using var m = Guest.Run([.. Li(5, TestElf.CodeBase + 24), Jalr(1, 5, -4), Addi(6, 0, 9), Addi(6, 6, 1), Addi(6, 6, 1), .. Exit()]);
        Assert.Equal(1u, m.Registers[6]);
        Assert.Equal(TestElf.CodeBase + 12, m.Registers[1]);
    }

    [Fact]
    public void LoadsSignAndZeroExtendAtEveryAlignment()
    {
        var data = new byte[64];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i * 37) + 0x80);
        }

        (uint F3, int Size, bool Signed)[] kinds = [(0, 1, true), (1, 2, true), (2, 4, false), (4, 1, false), (5, 2, false)];
        var code = new List<uint>();
        code.AddRange(Li(8, TestElf.DataBase + 32));
        code.AddRange(Li(9, TestElf.DataBase + 0x1000));
        foreach (var (f3, _, _) in kinds)
        {
            for (var off = -8; off < 8; off++)
            {
                code.Add(Load(f3, 7, 8, off));
                code.Add(Sw(7, 9, 0));
                code.Add(Addi(9, 9, 4));
            }
        }

        code.Add(Load(2, 0, 8, 0)); // load into x0 is discarded
        code.AddRange(Exit());
        using var m = Guest.Run(code, data);
        var k = 0u;
        foreach (var (_, size, signed) in kinds)
        {
            for (var off = -8; off < 8; off++)
            {
                var at = 32 + off;
                long v = 0;
                for (var b = size - 1; b >= 0; b--)
                {
                    v = (v << 8) | data[at + b];
                }

                if (signed && (v & (1L << ((size * 8) - 1))) != 0)
                {
                    v -= 1L << (size * 8);
                }

                Assert.True((uint)v == Guest.Word(m, TestElf.DataBase + 0x1000 + (4 * k)), $"size {size} signed {signed} offset {off}");
                k++;
            }
        }

        Assert.Equal(0u, m.Registers[0]);
    }

    [Fact]
    public void StoresWriteOnlyTheirWidthAtAnyAlignment()
    {
        var code = new List<uint>();
        code.AddRange(Li(8, TestElf.DataBase + 16));
        code.AddRange(Li(5, 0xA1B2_C3D4));
        code.Add(Store(0, 5, 8, -3)); // sb at 13
        code.Add(Store(1, 5, 8, 1)); // sh at 17 (misaligned)
        code.Add(Store(2, 5, 8, 6)); // sw at 22 (misaligned)
        code.Add(Store(2, 0, 8, 32)); // sw x0 at 48 over non-zero data
        code.AddRange(Exit());
        var data = Enumerable.Repeat((byte)0xEE, 64).ToArray();
        using var m = Guest.Run(code, data);
        var expected = Enumerable.Repeat((byte)0xEE, 64).ToArray();
        expected[13] = 0xD4;
        expected[17] = 0xD4;
        expected[18] = 0xC3;
        expected[22] = 0xD4;
        expected[23] = 0xC3;
        expected[24] = 0xB2;
        expected[25] = 0xA1;
        expected[48] = expected[49] = expected[50] = expected[51] = 0;
        Assert.Equal(expected, m.ReadMemory(TestElf.DataBase, 64).ToArray());
    }

    [Fact]
    public void BssIsZeroAndMemoryBeyondSegmentsIsUsable()
    {
        // The data segment's zero fill and an address far outside any segment both read as zero and are writable.
        using var m = Guest.Run([.. Li(8, 0x0FFF_FFFC), .. Li(5, 77), Sw(5, 8, 0), Lw(6, 8, 0), .. Li(9, TestElf.DataBase + 0x100), Lw(7, 9, 0), .. Exit()], [1, 2, 3]);
        Assert.Equal(77u, m.Registers[6]);
        Assert.Equal(0u, m.Registers[7]);
    }

    [Fact]
    public void StoreIntoCodeIsSeenByTheNextFetch()
    {
        // Overwrite the "addi a0, x0, 1" at index 6 with "addi a0, x0, 42", then run it.
        var patch = Addi(A0, 0, 42);
        using var m = Guest.Run([.. Li(5, patch), .. Li(8, TestElf.CodeBase), Sw(5, 8, 24), 0x0000_100F, Addi(A0, 0, 1), .. Exit()]);
        Assert.Equal(42u, m.ExitCode);
    }

    [Fact]
    public void CyclesCountEveryInstructionIncludingTheExitCall()
    {
        using var m = Guest.Run([Addi(5, 0, 1), Addi(5, 0, 2), .. Exit()]);
        Assert.Equal(5, m.Cycles);
    }
}
