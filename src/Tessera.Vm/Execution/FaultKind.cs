namespace Tessera.Vm.Execution;

/// <summary>Why a guest was stopped.</summary>
public enum FaultKind
{
    /// <summary>The word at pc is not an rv32im instruction (includes CSR instructions).</summary>
    IllegalInstruction,
    /// <summary>EBREAK was executed.</summary>
    Breakpoint,
    /// <summary>A jump or taken branch targets an address that is not 4-byte aligned.</summary>
    MisalignedJump,
    /// <summary>Control reached an address outside the executable segments.</summary>
    FetchOutsideCode,
    /// <summary>A load touched an address outside guest memory.</summary>
    LoadOutOfRange,
    /// <summary>A store touched an address outside guest memory.</summary>
    StoreOutOfRange,
    /// <summary>ECALL with a syscall number the guest ABI does not define.</summary>
    UnknownSyscall,
    /// <summary>read/write on a file descriptor the guest ABI does not define for it.</summary>
    BadFileDescriptor,
    /// <summary>A syscall's buffer lies outside guest memory.</summary>
    SyscallBufferOutOfRange,
    /// <summary>A read or write syscall's buffer needs more paging than one whole segment can hold.</summary>
    SyscallTooLargeForSegment,
    /// <summary>The guest ran past its cycle limit without exiting.</summary>
    CycleLimitExceeded,

    /// <summary>A load or store that is not naturally aligned, under the proven model (<see cref="ProvenModel"/>).</summary>
    MisalignedAccess,

    /// <summary>A store or read syscall into the executable range, under the proven model (<see cref="ProvenModel"/>).</summary>
    StoreIntoCode,
}
