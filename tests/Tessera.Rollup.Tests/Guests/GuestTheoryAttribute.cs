namespace Tessera.Rollup.Tests.Guests;

/// <summary>A theory that needs the RISC-V cross toolchain and qemu-riscv32; skipped, saying why, without them.</summary>
public sealed class GuestTheoryAttribute : TheoryAttribute
{
    public GuestTheoryAttribute()
    {
        if (GuestTools.Missing is { } why)
        {
            Skip = why;
        }
    }
}
