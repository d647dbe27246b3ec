using Tessera.Circuit.Lookups;
using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Gadgets;

/// <summary>
/// One access on the <c>memory</c> bus (docs/circuit.md): it receives (addr, previous bytes,
/// prev_ts) and sends (addr, bytes, ts), and proves ts − prev_ts − 1 ∈ [0, 2^27) with limbs
/// d0 + 2^8·d1 + 2^16·d2 + 2^24·d3 and the byte lookups Range(d0, d1), Range(d2, 64·d3) — 64·d3 a
/// byte bounds 2^24·d3 below 2^26 whatever d3 is, so a later access can never claim an earlier
/// timestamp. A read keeps the value (its previous bytes are the bytes it reads); a write holds its
/// own previous-value columns.
/// </summary>
internal sealed class MemoryAccess
{
    private MemoryAccess(string name, ColumnAllocator columns, bool write)
    {
        Name = name;
        PrevTs = columns.Next();
        Diff = columns.Take(4);
        Previous = write ? columns.Word() : null;
    }

    /// <summary>Names the access in constraint names.</summary>
    public string Name { get; }

    /// <summary>The timestamp of the previous access to the address.</summary>
    public int PrevTs { get; }

    /// <summary>The limbs of ts − prev_ts − 1.</summary>
    public int[] Diff { get; }

    /// <summary>The value before a write (null for a read).</summary>
    public WordColumns? Previous { get; }

    /// <summary>A read: the value is unchanged.</summary>
    public static MemoryAccess Read(string name, ColumnAllocator columns) => new(name, columns, write: false);

    /// <summary>A write, with columns for the value it replaces.</summary>
    public static MemoryAccess Write(string name, ColumnAllocator columns) => new(name, columns, write: true);

    /// <summary>Declares the access: weight <paramref name="multiplicity"/> (0 or 1), address, bytes (read or written) and timestamp.</summary>
    public void Eval(AirBuilder b, Expr multiplicity, Expr address, Expr[] bytes, Expr ts)
    {
        var prev = Previous is { } p ? p.Read(b) : bytes;
        var prevTs = b.Main(PrevTs);
        b.Receive(Buses.Memory, multiplicity, [address, .. prev, prevTs]);
        b.Send(Buses.Memory, multiplicity, [address, .. bytes, ts]);
        var d = Diff.Select(b.Main).ToArray();
        var limbs = d[0] + (256 * d[1]) + (65536 * d[2]) + (Expr.Const(1 << 24) * d[3]);
        b.AssertZero($"{Name}: ts after prev_ts", multiplicity * (ts - prevTs - 1 - limbs));
        b.Send(Buses.Byte, multiplicity, Expr.Const((int)ByteOp.Range), d[0], d[1], Expr.Zero);
        b.Send(Buses.Byte, multiplicity, Expr.Const((int)ByteOp.Range), d[2], 64 * d[3], Expr.Zero);
    }

    /// <summary>Fills the access's columns and counts its range lookups.</summary>
    public void Fill(Span<BabyBear> row, uint prevTs, uint ts, ByteCounts bytes, uint previous = 0)
    {
        if (ts <= prevTs)
        {
            throw new InvalidOperationException($"{Name}: access at ts {ts} after one at {prevTs}: the trace is out of order.");
        }

        var diff = ts - prevTs - 1;
        row[PrevTs] = BabyBear.FromCanonical(prevTs);
        uint d0 = diff & 0xFF, d1 = (diff >> 8) & 0xFF, d2 = (diff >> 16) & 0xFF, d3 = diff >> 24;
        row[Diff[0]] = BabyBear.FromCanonical(d0);
        row[Diff[1]] = BabyBear.FromCanonical(d1);
        row[Diff[2]] = BabyBear.FromCanonical(d2);
        row[Diff[3]] = BabyBear.FromCanonical(d3);
        bytes.Range(d0, d1);
        bytes.Range(d2, 64 * d3);
        Previous?.Fill(row, previous);
    }
}
