namespace Tessera.Circuit;

/// <summary>
/// The names of the circuit's buses, in one place; docs/circuit.md gives each one's tuple, who sends
/// and who receives.
/// </summary>
internal static class Buses
{
    /// <summary>(pc, clk, halted, journal index): the execution chain from one instruction to the next.</summary>
    public const string Exec = "exec";

    /// <summary>(pc, opcode, rd, rs1, rs2, imm0..imm3): an executed instruction looks its decoded row up.</summary>
    public const string Program = "program";

    /// <summary>(addr, b0, b1, b2, b3, ts): offline memory checking of registers and RAM words.</summary>
    public const string Memory = "memory";

    /// <summary>(op, a, b, result): the byte table (<see cref="ByteOpsAir.BusName"/>).</summary>
    public const string Byte = ByteOpsAir.BusName;

    /// <summary>(in0..in15, out0..out15): the Poseidon2 permutation table (<see cref="Poseidon2Air.BusName"/>).</summary>
    public const string Poseidon2 = Poseidon2Air.BusName;

    /// <summary>(phase, pc, d0..d7): the segment's pre (phase 0) and post (phase 1) state digests.</summary>
    public const string State = "state";

    /// <summary>(code b0..b3): the exit code, from the exit row to the segment table.</summary>
    public const string Halt = "halt";

    /// <summary>(index, j0..j7): the running journal digest after <c>index</c> journal bytes.</summary>
    public const string Journal = "journal";

    /// <summary>(clk, cursor, remaining, journal index): a syscall's transfer, word by word.</summary>
    public const string Io = "io";
}
