using Tessera.Circuit.Lookups;
using Tessera.Circuit.Paging;
using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Tests.Paging;

/// <summary>
/// Stands in for the instruction tables and the segment table: each real row rewrites one word or
/// register, receiving (addr, initial, 0) and sending (addr, final, ts) on the memory bus with the
/// new bytes range-checked; row 0 also sends the two state claims (0, pre pc, pre digest) and
/// (1, post pc, post digest).
/// </summary>
internal sealed class SegmentAccessAir : IAir
{
    private static readonly ColumnAllocator Columns = new();
    private static readonly int Real = Columns.One();
    private static readonly int Address = Columns.One();
    private static readonly ColumnRange Previous = Columns.Many(4);
    private static readonly ColumnRange Next = Columns.Many(4);
    private static readonly int Ts = Columns.One();
    private static readonly int Claims = Columns.One();
    private static readonly int PrePc = Columns.One();
    private static readonly ColumnRange PreDigest = Columns.Many(8);
    private static readonly int PostPc = Columns.One();
    private static readonly ColumnRange PostDigest = Columns.Many(8);

    public string Name => "test.segment";

    public int Width => Columns.Count;

    public void Eval(AirBuilder b)
    {
        var real = b.Main(Real);
        var address = b.Main(Address);
        var next = b.Main(Next);
        b.Receive(Buses.Memory, real, AirExprs.MemoryTuple(address, b.Main(Previous), 0));
        b.Send(Buses.Memory, real, AirExprs.MemoryTuple(address, next, b.Main(Ts)));
        b.Range(real, next[0], next[1]);
        b.Range(real, next[2], next[3]);
        var claims = b.Main(Claims);
        b.Send(Buses.State, claims, [0, b.Main(PrePc), .. b.Main(PreDigest)]);
        b.Send(Buses.State, claims, [1, b.Main(PostPc), .. b.Main(PostDigest)]);
    }

    /// <summary>One row per (address, initial, final, ts) access; the claims on row 0.</summary>
    public static TableWitness Witness(
        IReadOnlyList<(uint Address, uint Initial, uint Final, uint Ts)> accesses,
        (uint Pc, Digest Digest) pre, (uint Pc, Digest Digest) post, ByteCounts bytes)
    {
        var height = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(accesses.Count, 1));
        var t = new Trace(Columns.Count, height);
        for (var r = 0; r < accesses.Count; r++)
        {
            var (address, initial, final, ts) = accesses[r];
            var row = t.Row(r);
            row[Real] = BabyBear.One;
            row[Address] = BabyBear.FromUInt32(address);
            for (var k = 0; k < 4; k++)
            {
                row[Previous[k]] = BabyBear.FromUInt32((initial >> (8 * k)) & 0xFF);
                row[Next[k]] = BabyBear.FromUInt32((final >> (8 * k)) & 0xFF);
            }

            row[Ts] = BabyBear.FromUInt32(ts);
            bytes.Word(final);
        }

        var first = t.Row(0);
        first[Claims] = BabyBear.One;
        first[PrePc] = BabyBear.FromUInt32(pre.Pc);
        pre.Digest.CopyTo(first[PreDigest.Start..]);
        first[PostPc] = BabyBear.FromUInt32(post.Pc);
        post.Digest.CopyTo(first[PostDigest.Start..]);
        return new TableWitness(t);
    }
}
