using static Tessera.Vm.Tests.Asm;

namespace Tessera.Vm.Tests;

public class SyscallTests
{
    private const uint Buf = TestElf.DataBase;

    [Fact]
    public void ReadConsumesInputAndReturnsZeroAtTheEnd()
    {
        byte[] input = [10, 20, 30, 40, 50];
        using var m = Guest.Run(
        [
            .. Li(A0, 0), .. Li(A1, Buf), .. Li(A2, 3), .. Li(A7, 63), Ecall, Addi(20, A0, 0),
            .. Li(A0, 0), .. Li(A1, Buf + 3), .. Li(A2, 100), .. Li(A7, 63), Ecall, Addi(21, A0, 0),
            .. Li(A0, 0), .. Li(A1, Buf + 8), .. Li(A2, 100), .. Li(A7, 63), Ecall, Addi(22, A0, 0),
            .. Li(A0, 0), .. Exit(),
        ], input: input);
        Assert.Equal(3u, m.Registers[20]);
        Assert.Equal(2u, m.Registers[21]);
        Assert.Equal(0u, m.Registers[22]);
        Assert.Equal(input, m.ReadMemory(Buf, 5).ToArray());
        Assert.Equal(5, m.InputPosition);
    }

    [Fact]
    public void WritesGoToTheirStreams()
    {
        var data = "stdout|stderr|journal"u8.ToArray();
        using var m = Guest.Run([.. Write(1, Buf, 6), Addi(20, A0, 0), .. Write(2, Buf + 7, 6), .. Write(3, Buf + 14, 7), .. Write(3, Buf, 0), .. Li(A0, 0x1234), .. Exit()], data);
        Assert.Equal("stdout"u8.ToArray(), m.Stdout.ToArray());
        Assert.Equal("stderr"u8.ToArray(), m.Stderr.ToArray());
        Assert.Equal("journal"u8.ToArray(), m.Journal.ToArray());
        Assert.Equal(6u, m.Registers[20]);
        Assert.Equal(0x1234u, m.ExitCode);
        Assert.True(m.Exited);
    }

    [Fact]
    public void LargeTransfersGetShortCounts()
    {
        var input = new byte[10_000];
        new Random(3).NextBytes(input);
        using var m = Guest.Run(
        [
            .. Li(A0, 0), .. Li(A1, Buf), .. Li(A2, 10_000), .. Li(A7, 63), Ecall, Addi(20, A0, 0),
            .. Write(3, Buf, 10_000), Addi(21, A0, 0), .. Li(A0, 0), .. Exit(),
        ], input: input);
        Assert.Equal(4096u, m.Registers[20]);
        Assert.Equal(4096u, m.Registers[21]);
        Assert.Equal(input[..4096], m.Journal.ToArray());
    }
}
