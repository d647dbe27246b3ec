namespace Tessera.Circuit;

/// <summary>
/// The operations of <see cref="ByteOpsAir"/>. The numeric value is the op element of a tuple on
/// <see cref="ByteOpsAir.BusName"/>, and also the main column holding that op's multiplicity.
/// </summary>
public enum ByteOp
{
    /// <summary>(a, b) are both bytes; the result element is 0. Check one byte x as (x, 0).</summary>
    Range = 0,

    /// <summary>a AND b.</summary>
    And = 1,

    /// <summary>a OR b.</summary>
    Or = 2,

    /// <summary>a XOR b.</summary>
    Xor = 3,

    /// <summary>1 when a &lt; b as unsigned bytes, else 0 (the byte step of SLTU-style compares).</summary>
    Lt = 4,
}
