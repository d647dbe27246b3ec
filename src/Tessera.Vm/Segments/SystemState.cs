using Tessera.Hash;

namespace Tessera.Vm.Segments;

/// <summary>A machine state at a segment boundary: pc, registers, and the digest committing them with memory.</summary>
/// <param name="Pc">The program counter.</param>
/// <param name="Registers">x0..x31 (32 values, x0 = 0).</param>
/// <param name="Digest">compress(memory root, hash(x1..x31, pc)); see <see cref="Memory.StateHasher"/>.</param>
public sealed record SystemState(uint Pc, uint[] Registers, Digest Digest)
{
    /// <summary>Same pc, registers and digest.</summary>
    public bool Equals(SystemState? other) =>
        other is not null && Pc == other.Pc && Digest == other.Digest && Registers.AsSpan().SequenceEqual(other.Registers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Pc, Digest);
}
