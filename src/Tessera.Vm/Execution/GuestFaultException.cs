namespace Tessera.Vm.Execution;

/// <summary>The guest was stopped by a fault; <see cref="Pc"/> names the instruction.</summary>
public sealed class GuestFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GuestFaultException(FaultKind kind, uint pc, long cycle, string detail)
        : base($"guest fault {kind} at pc 0x{pc:x8} (cycle {cycle}): {detail}")
    {
        Kind = kind;
        Pc = pc;
        Cycle = cycle;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GuestFaultException()
        : this("guest fault")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GuestFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public GuestFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The kind of fault.</summary>
    public FaultKind Kind { get; }

    /// <summary>Address of the faulting instruction.</summary>
    public uint Pc { get; }

    /// <summary>User cycles executed before the fault.</summary>
    public long Cycle { get; }
}
