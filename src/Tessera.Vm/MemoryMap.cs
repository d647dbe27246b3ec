namespace Tessera.Vm;

/// <summary>The guest address space (docs/guest-abi.md): every load, store and fetch must lie in [<see cref="Base"/>, <see cref="End"/>).</summary>
public static class MemoryMap
{
    /// <summary>Lowest guest address (the text starts here).</summary>
    public const uint Base = 0x0001_0000;

    /// <summary>One past the highest guest address.</summary>
    public const uint End = 0x1000_0000;
}
