using Tessera.Vm.Execution;

using static Tessera.Vm.Tests.Asm;

namespace Tessera.Vm.Tests;

public class FaultTests
{
    private const uint Pc0 = TestElf.CodeBase;

    [Theory]
    [InlineData(0x0000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    [InlineData(0xC000_2573u)] // csrr a0, cycle
    [InlineData(0x0000_2003u | (3u << 12))] // load funct3 = 3 (ld): RV64 only
    [InlineData(0x4000_1013u)] // slli with funct7 0x20
    [InlineData(0x0200_0053u)] // fadd.s: no F extension
    [InlineData(0x3020_0073u)] // mret
    public void IllegalInstructionFaultsAtItsPc(uint word)
    {
        var f = Guest.Fault([Addi(5, 0, 1), word, .. Exit()]);
        Assert.Equal(FaultKind.IllegalInstruction, f.Kind);
        Assert.Equal(Pc0 + 4, f.Pc);
        Assert.Equal(1, f.Cycle);
    }

    [Fact]
    public void EbreakFaults()
    {
        var f = Guest.Fault([Ebreak]);
        Assert.Equal(FaultKind.Breakpoint, f.Kind);
        Assert.Equal(Pc0, f.Pc);
    }

    [Fact]
    public void MisalignedJumpTargetsFault()
    {
        Assert.Equal(FaultKind.MisalignedJump, Guest.Fault([Jal(0, 6), .. Exit()]).Kind);
        Assert.Equal(FaultKind.MisalignedJump, Guest.Fault([Branch(0, 0, 0, 6), .. Exit()]).Kind);
        var f = Guest.Fault([.. Li(5, Pc0 + 2), Jalr(0, 5, 0), .. Exit()]);
        Assert.Equal(FaultKind.MisalignedJump, f.Kind);
        Assert.Equal(Pc0 + 8, f.Pc);
    }

    [Fact]
    public void UntakenBranchToABadTargetDoesNotFault()
    {
        using var m = Guest.Run([Addi(5, 0, 1), Branch(0, 5, 0, 6), Addi(A0, 0, 3), .. Exit()]);
        Assert.Equal(3u, m.ExitCode);
    }

    [Fact]
    public void JumpsOutsideCodeFault()
    {
        Assert.Equal(FaultKind.FetchOutsideCode, Guest.Fault([Jal(0, -4)]).Kind);
        var f = Guest.Fault([.. Li(5, TestElf.DataBase), Jalr(0, 5, 0)]);
        Assert.Equal(FaultKind.FetchOutsideCode, f.Kind);
        Assert.Equal(FaultKind.FetchOutsideCode, Guest.Fault([Addi(5, 0, 1)]).Kind); // runs off the end
    }

    [Theory]
    [InlineData(0x0000_0000u)]
    [InlineData(0x0000_FFFCu)]
    [InlineData(0x0FFF_FFFDu)] // word straddles the end of memory
    [InlineData(0x1000_0000u)]
    [InlineData(0xFFFF_FFFCu)]
    public void WildStoreFaultsNamingThePc(uint address)
    {
        var f = Guest.Fault([.. Li(8, address), Sw(8, 8, 0), .. Exit()]);
        Assert.Equal(FaultKind.StoreOutOfRange, f.Kind);
        Assert.Equal(Pc0 + 8, f.Pc);
        Assert.Contains($"0x{address:x8}", f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0000_0000u, 2u)]
    [InlineData(0x0FFF_FFFFu, 1u)] // halfword straddles the end
    [InlineData(0x8000_0000u, 0u)]
    public void WildLoadFaults(uint address, uint f3)
    {
        var f = Guest.Fault([.. Li(8, address), Load(f3, 5, 8, 0), .. Exit()]);
        Assert.Equal(FaultKind.LoadOutOfRange, f.Kind);
    }

    [Fact]
    public void LastByteOfMemoryIsAccessible()
    {
        using var m = Guest.Run([.. Li(8, 0x0FFF_FFFF), Addi(5, 0, 9), Store(0, 5, 8, 0), Load(4, A0, 8, 0), .. Exit()]);
        Assert.Equal(9u, m.ExitCode);
    }

    [Fact]
    public void RunawayGuestHitsTheCycleLimit()
    {
        var f = Guest.Fault([Jal(0, 0)], maxCycles: 12_345);
        Assert.Equal(FaultKind.CycleLimitExceeded, f.Kind);
        Assert.Equal(12_345, f.Cycle);
    }

    [Fact]
    public void UnknownSyscallFaults()
    {
        var f = Guest.Fault([.. Li(A7, 999), Ecall]);
        Assert.Equal(FaultKind.UnknownSyscall, f.Kind);
        Assert.Equal(Pc0 + 8, f.Pc);
    }

    [Theory]
    [InlineData(64u, 0u)]
    [InlineData(64u, 4u)]
    [InlineData(63u, 1u)]
    [InlineData(63u, 3u)]
    public void WrongFileDescriptorFaults(uint syscall, uint fd)
    {
        var f = Guest.Fault([.. Li(A0, fd), .. Li(A1, TestElf.DataBase), .. Li(A2, 1), .. Li(A7, syscall), Ecall], input: [1]);
        Assert.Equal(FaultKind.BadFileDescriptor, f.Kind);
    }

    [Fact]
    public void SyscallBufferOutsideMemoryFaults()
    {
        var f = Guest.Fault([.. Write(1, 0x0FFF_FFF0, 32)]);
        Assert.Equal(FaultKind.SyscallBufferOutOfRange, f.Kind);
    }
}
