using Tessera.Circuit.Execution;
using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit.Tests.Harness;

/// <summary>
/// A test stand-in for the paging tables: it opens every register and touched word on the memory bus
/// at its initial value (ts 0) and closes it at its final value and timestamp, and takes the segment's
/// two state tuples — without hashing anything. It lets an instruction table be proven alone.
/// </summary>
internal sealed class FlatMemoryAir : IAir
{
    private const int Addr = 0, Init = 1, Final = 5, FinalTs = 9, Real = 10, StMult = 11, StPhase = 12, StPc = 13, StDigest = 14;

    public string Name => "flat-memory";

    public int Width => StDigest + 8;

    public void Eval(AirBuilder b)
    {
        Expr M(int c) => b.Main(c);
        Expr[] Bytes(int c) => [M(c), M(c + 1), M(c + 2), M(c + 3)];
        b.Send(Buses.Memory, M(Real), [M(Addr), .. Bytes(Init), Expr.Zero]);
        b.Receive(Buses.Memory, M(Real), [M(Addr), .. Bytes(Final), M(FinalTs)]);
        b.Receive(Buses.State, M(StMult), [M(StPhase), M(StPc), .. Enumerable.Range(StDigest, 8).Select(M)]);
    }

    /// <summary>The witness from the trace's boundary and the segment's publics.</summary>
    public static TableWitness Witness(SegmentTrace trace, BabyBear[] segmentPublics)
    {
        var boundary = trace.Boundary;
        var record = boundary.Record;
        var rows = new List<(uint Addr, uint Init, uint Final, uint Ts)>();
        for (var r = 0; r < 32; r++)
        {
            rows.Add(((uint)r, record.Pre.Registers[r], boundary.FinalRegisters[r], boundary.FinalRegisterTs[r]));
        }

        var pageBytes = 1 << record.PageShift;
        var perPage = pageBytes / 4;
        for (var p = 0; p < record.Pages.Length; p++)
        {
            for (var j = 0; j < perPage; j++)
            {
                var i = (p * perPage) + j;
                var init = BitConverter.ToUInt32(record.PageData, 4 * i);
                rows.Add(((uint)(record.Pages[p] * pageBytes) + (uint)(4 * j), init, boundary.FinalWords[i], boundary.FinalWordTs[i]));
            }
        }

        var height = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)rows.Count);
        var t = new Trace(new FlatMemoryAir().Width, height);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = t.Row(i);
            row[Addr] = BabyBear.FromCanonical(rows[i].Addr);
            for (var k = 0; k < 4; k++)
            {
                row[Init + k] = BabyBear.FromCanonical((rows[i].Init >> (8 * k)) & 0xFF);
                row[Final + k] = BabyBear.FromCanonical((rows[i].Final >> (8 * k)) & 0xFF);
            }

            row[FinalTs] = BabyBear.FromCanonical(rows[i].Ts);
            row[Real] = BabyBear.One;
        }

        for (var phase = 0; phase < 2; phase++)
        {
            var row = t.Row(phase);
            row[StMult] = BabyBear.One;
            row[StPhase] = BabyBear.FromCanonical((uint)phase);
            row[StPc] = segmentPublics[phase == 0 ? Segment.SegmentAir.PrePc : Segment.SegmentAir.PostPc];
            for (var k = 0; k < 8; k++)
            {
                row[StDigest + k] = segmentPublics[(phase == 0 ? Segment.SegmentAir.PreDigest : Segment.SegmentAir.PostDigest) + k];
            }
        }

        return new TableWitness(t);
    }
}
