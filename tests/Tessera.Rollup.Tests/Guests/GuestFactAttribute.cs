namespace Tessera.Rollup.Tests.Guests;

/// <summary>A fact that needs the RISC-V cross toolchain and qemu-riscv32; skipped, saying why, without them.</summary>
public sealed class GuestFactAttribute : FactAttribute
{
    public GuestFactAttribute()
    {
        if (GuestTools.Missing is { } why)
        {
            Skip = why;
        }
    }
}
