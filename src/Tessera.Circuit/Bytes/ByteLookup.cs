namespace Tessera.Circuit;

/// <summary>
/// One lookup into <see cref="ByteOpsAir"/>: operation <see cref="Op"/> on bytes <see cref="A"/>
/// and <see cref="B"/>. The result is not part of the request: the table computes it
/// (<see cref="Result"/>), so a consumer can never ask for a wrong one.
/// </summary>
public readonly record struct ByteLookup
{
    /// <summary>Creates the lookup.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An operand is above 255, or the op is not a <see cref="ByteOp"/>.</exception>
    public ByteLookup(ByteOp op, uint a, uint b)
    {
        if (!Enum.IsDefined(op))
        {
            throw new ArgumentOutOfRangeException(nameof(op), op, "Not a byte operation.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(a, 255u);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(b, 255u);
        Op = op;
        A = a;
        B = b;
    }

    /// <summary>The operation.</summary>
    public ByteOp Op { get; }

    /// <summary>The first byte.</summary>
    public uint A { get; }

    /// <summary>The second byte.</summary>
    public uint B { get; }

    /// <summary>The result element of the tuple, as <see cref="ByteOpsAir.Result"/> computes it.</summary>
    public uint Result => ByteOpsAir.Result(Op, A, B);
}
