using System.Security.Cryptography;

using Tessera.Vm.Elf;
using Tessera.Vm.Execution;

namespace Tessera.Vm.Tests;

public class ExampleGuestTests
{
    [Theory]
    [InlineData("fibonacci", 0)]
    [InlineData("fibonacci", 1000)]
    [InlineData("sha256", 0)]
    [InlineData("sha256", 3000)]
    [InlineData("sort", 0)]
    [InlineData("sort", 500)]
    public void ExampleMatchesQemu(string name, int size)
    {
        Assert.True(Qemu.Available, "qemu-riscv32 is missing: run scripts/setup.sh");
        var elf = Examples.Elf(name);
        var input = Examples.Input(name, size);
        using var m = new Machine(ElfProgram.Parse(elf), input);
        m.Run(200_000_000);
        var q = Qemu.Run(elf, input);
        Assert.Equal(q.ExitCode, (int)(m.ExitCode & 0xFF));
        Assert.Equal(q.Stdout, m.Stdout.ToArray());
        Assert.Equal(q.Journal, m.Journal.ToArray());
    }

    [Fact]
    public void Sha256GuestAgreesWithTheHost()
    {
        var input = Examples.Input("sha256", 777);
        using var m = new Machine(ElfProgram.Load(Examples.Path("sha256")), input);
        m.Run(200_000_000);
        Assert.Equal(0u, m.ExitCode);
        Assert.Equal(SHA256.HashData(input), m.Journal.ToArray());
    }
}
