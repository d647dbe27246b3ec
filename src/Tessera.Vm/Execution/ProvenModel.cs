using Tessera.Vm.Memory;

namespace Tessera.Vm.Execution;

/// <summary>
/// The execution model the rv32im circuit proves, stated in one place. It is RV32IM with the guest
/// ABI (docs/guest-abi.md) and three restrictions, which segmented execution (the executor that
/// makes segment records) enforces with a typed fault before anything is proven:
/// <list type="bullet">
/// <item>loads and stores are naturally aligned (<see cref="FaultKind.MisalignedAccess"/>);</item>
/// <item>code is immutable: no store, and no read syscall, writes into the executable range
/// (<see cref="FaultKind.StoreIntoCode"/>);</item>
/// <item>every access, fetch and syscall buffer lies in guest memory, and only exit, read (fd 0)
/// and write (fd 1, 2, 3) are syscalls — as in plain execution.</item>
/// </list>
/// Plain execution (<see cref="Machine.Run"/>) keeps the full semantics: misaligned accesses and
/// self-modifying code work there, and are refused only where a proof is to be made.
/// </summary>
public static class ProvenModel
{
    /// <summary>Checks one load or store of <paramref name="width"/> bytes at <paramref name="address"/>.</summary>
    /// <exception cref="GuestFaultException">The access is misaligned, outside guest memory, or a store into the code.</exception>
    public static void CheckAccess(uint address, uint width, bool write, uint codeBase, uint codeBytes, uint pc)
    {
        if ((address & (width - 1)) != 0)
        {
            throw new GuestFaultException(FaultKind.MisalignedAccess, pc, 0, $"{width}-byte {(write ? "store" : "load")} at misaligned address 0x{address:x8}");
        }

        CheckBuffer(address, width, write, codeBase, codeBytes, pc);
    }

    /// <summary>Checks a buffer of <paramref name="length"/> bytes a syscall reads or writes.</summary>
    /// <exception cref="GuestFaultException">The buffer leaves guest memory, or a write reaches into the code.</exception>
    public static void CheckBuffer(uint address, uint length, bool write, uint codeBase, uint codeBytes, uint pc)
    {
        if (!GuestMemory.InRange(address, length))
        {
            throw new GuestFaultException(write ? FaultKind.StoreOutOfRange : FaultKind.LoadOutOfRange, pc, 0, $"[0x{address:x8}, +{length}) lies outside guest memory");
        }

        if (write && WritesCode(address, length, codeBase, codeBytes))
        {
            throw new GuestFaultException(FaultKind.StoreIntoCode, pc, 0, $"a write to [0x{address:x8}, +{length}) reaches into the code at [0x{codeBase:x8}, +{codeBytes})");
        }
    }

    /// <summary>Whether [address, address + length) overlaps the code range.</summary>
    public static bool WritesCode(uint address, uint length, uint codeBase, uint codeBytes) =>
        (ulong)address < (ulong)codeBase + codeBytes && (ulong)address + length > codeBase;
}
