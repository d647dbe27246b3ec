namespace Tessera.Circuit.Execution;

/// <summary>
/// When an instruction's accesses happen: instruction clk reads rs1 at 4·clk + 1, rs2 at 4·clk + 2,
/// touches memory at 4·clk + 3 and writes rd at 4·clk + 4; initial contents have timestamp 0
/// (docs/circuit.md).
/// </summary>
internal static class Timestamps
{
    public const int SlotRs1 = 0;
    public const int SlotRs2 = 1;
    public const int SlotMemory = 2;
    public const int SlotRd = 3;

    /// <summary>Accesses per instruction.</summary>
    public const int PerCycle = 4;

    public static uint Of(int clk, int slot) => (uint)((PerCycle * clk) + slot + 1);
}
