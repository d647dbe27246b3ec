using Tessera.Circuit.Lookups;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Segment;

/// <summary>
/// The segment's claim as public values, tied to the other tables on one active row: it starts the
/// execution chain at (pre pc, 0, not halted) and ends it at (post pc, cycles, exited); hands the pre
/// and post state digests to the paging tables on the <c>state</c> bus; starts the journal chain at
/// the digest before and ends it at the digest after; and, when the segment exited, takes the exit
/// code from the exit row on the <c>halt</c> bus. The last eight publics are the proof's context (a
/// digest of who proves it for which assignment, zero when proven locally): no constraint reads them,
/// and the transcript absorbs every public value first, so a proof made for one context fails under
/// any other.
/// </summary>
internal sealed class SegmentAir : IAir
{
    public const int Height = 16;

    public const int PrePc = 0;
    public const int PostPc = 1;
    public const int PreDigest = 2;
    public const int PostDigest = 10;
    public const int Exited = 18;
    public const int ExitCode = 19;
    public const int Cycles = 23;
    public const int JournalBefore = 24;
    public const int JournalAfter = 32;
    public const int JournalBytes = 40;
    public const int Context = 41;
    public const int Count = 49;

    // Main columns: the active flag, and the pcs as range-checked 16-bit halves (two bytes each) so
    // the state digest sees exactly one encoding of each pc.
    private const int Active = 0;
    private const int PcBytes = 1;

    public string Name => "segment";

    /// <summary>The column of byte <paramref name="i"/> of the pre (<paramref name="which"/> 0) or post (1) pc.</summary>
    internal static int PcByteColumn(int which, int i) => PcBytes + (4 * which) + i;

    public int Width => 1 + 8;

    public int PublicValueCount => Count;

    public void Eval(AirBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var active = b.Main(Active);
        var exited = b.Public(Exited);
        b.AssertZeroFirst("segment: the first row is active", active - 1);
        b.AssertZero("segment: only the first row is active", (1 - b.IsFirstRow) * active);
        b.AssertZero("segment: exited is boolean", active * exited * (exited - 1));
        for (var i = 0; i < 4; i++)
        {
            b.AssertZero($"segment: no exit code without exit (byte {i})", active * (1 - exited) * b.Public(ExitCode + i));
        }

        for (var which = 0; which < 2; which++)
        {
            var pc = b.Public(which == 0 ? PrePc : PostPc);
            var x = Enumerable.Range(0, 4).Select(i => b.Main(PcBytes + (4 * which) + i)).ToArray();
            b.AssertZero($"segment: {(which == 0 ? "pre" : "post")} pc bytes", active * (pc - x[0] - (256 * x[1]) - (65536 * x[2]) - (Expr.Const(1 << 24) * x[3])));
            b.Send(Buses.Byte, active, Expr.Const((int)ByteOp.Range), x[0], x[1], Expr.Zero);
            b.Send(Buses.Byte, active, Expr.Const((int)ByteOp.Range), x[2], x[3], Expr.Zero);
        }

        b.Send(Buses.Exec, active, b.Public(PrePc), Expr.Zero, Expr.Zero, Expr.Zero);
        b.Receive(Buses.Exec, active, b.Public(PostPc), b.Public(Cycles), exited, b.Public(JournalBytes));
        b.Send(Buses.State, active, [Expr.Zero, b.Public(PrePc), .. Digest(b, PreDigest)]);
        b.Send(Buses.State, active, [Expr.One, b.Public(PostPc), .. Digest(b, PostDigest)]);
        b.Send(Buses.Journal, active, [Expr.Zero, .. Digest(b, JournalBefore)]);
        b.Receive(Buses.Journal, active, [b.Public(JournalBytes), .. Digest(b, JournalAfter)]);
        b.Receive(Buses.Halt, active * exited, [.. Enumerable.Range(0, 4).Select(i => b.Public(ExitCode + i))]);
    }

    private static Expr[] Digest(AirBuilder b, int first) => [.. Enumerable.Range(first, 8).Select(b.Public)];

    /// <summary>The table's witness for <paramref name="publics"/>, counting its range lookups.</summary>
    public static TableWitness Witness(BabyBear[] publics, ByteCounts bytes, TraceAllocation allocation = default)
    {
        ArgumentNullException.ThrowIfNull(publics);
        var t = allocation.New(9, Height);
        t[0, Active] = BabyBear.One;
        for (var which = 0; which < 2; which++)
        {
            var pc = publics[which == 0 ? PrePc : PostPc].ToCanonical();
            for (var i = 0; i < 4; i++)
            {
                t[0, PcBytes + (4 * which) + i] = BabyBear.FromCanonical((pc >> (8 * i)) & 0xFF);
            }

            bytes.Word(pc);
        }

        return new TableWitness(t, publics);
    }
}
