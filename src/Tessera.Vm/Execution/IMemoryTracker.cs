namespace Tessera.Vm.Execution;

/// <summary>
/// Observes the pages the executor touches. Implemented by structs so the JIT specialises the
/// executor per tracker and the plain-execution tracker compiles to nothing. A tracker may lower
/// <c>limit</c> (the cycle at which the executor stops) to account for paging cost.
/// </summary>
internal interface IMemoryTracker
{
    void Fetch(int codeIndex, ref long limit);

    void Read(uint address, uint length, ref long limit);

    void Write(uint address, uint length, ref long limit);

    /// <summary>Whether touching the range now costs at most <paramref name="remaining"/> cycles (syscall buffers).</summary>
    bool CanAfford(uint address, uint length, bool write, long remaining);

    /// <summary>Checks a load or store against the proven model (<see cref="ProvenModel"/>) where the tracker enforces it.</summary>
    void CheckAccess(uint address, uint width, bool write, uint pc);

    /// <summary>Checks a syscall buffer against the proven model where the tracker enforces it.</summary>
    void CheckBuffer(uint address, uint length, bool write, uint pc);
}

/// <summary>Tracks nothing: plain execution.</summary>
internal struct NoTracking : IMemoryTracker
{
    public readonly void Fetch(int codeIndex, ref long limit)
    {
    }

    public readonly void Read(uint address, uint length, ref long limit)
    {
    }

    public readonly void Write(uint address, uint length, ref long limit)
    {
    }

    public readonly bool CanAfford(uint address, uint length, bool write, long remaining) => true;

    public readonly void CheckAccess(uint address, uint width, bool write, uint pc)
    {
    }

    public readonly void CheckBuffer(uint address, uint length, bool write, uint pc)
    {
    }
}
