using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Tests.Airs;

/// <summary>
/// Read/write memory checked offline (Blum et al.): each access at time ts receives the cell's
/// previous (addr, value, ts) from the "memory" bus and sends (addr, value, ts) back; the boundary
/// table sends every cell's initial value at time 0 and receives its final state. ts − prev_ts − 1
/// is split into two bytes looked up in the byte table, which orders the accesses.
/// </summary>
public sealed class MemoryAir : IAir
{
    public const string Bus = "memory";

    public const int Active = 0, Addr = 1, Value = 2, Ts = 3, IsWrite = 4, PrevValue = 5, PrevTs = 6, DiffLo = 7, DiffHi = 8;

    public string Name => "memory";

    public int Width => 9;

    public void Eval(AirBuilder b)
    {
        var active = b.Main(Active);
        b.AssertBool("active is boolean", active);
        b.AssertBool("is_write is boolean", b.Main(IsWrite));
        b.AssertZero("is_write only when active", b.Main(IsWrite) * (1 - active));
        b.AssertZeroFirst("clock starts at 1", b.Main(Ts) - 1);
        b.AssertZeroTransition("clock ticks", b.MainNext(Ts) - b.Main(Ts) - 1);
        b.AssertZeroTransition("active rows come first", b.MainNext(Active) * (1 - active));
        b.AssertZero("a read keeps the value", active * (1 - b.Main(IsWrite)) * (b.Main(Value) - b.Main(PrevValue)));
        b.AssertZero(
            "ts − prev_ts − 1 = lo + 256·hi",
            active * (b.Main(Ts) - b.Main(PrevTs) - 1 - b.Main(DiffLo) - (256 * b.Main(DiffHi))));
        b.Receive(Bus, active, b.Main(Addr), b.Main(PrevValue), b.Main(PrevTs));
        b.Send(Bus, active, b.Main(Addr), b.Main(Value), b.Main(Ts));
        b.Send(ByteTableAir.Bus, active, b.Main(DiffLo));
        b.Send(ByteTableAir.Bus, active, b.Main(DiffHi));
    }
}

/// <summary>Per memory cell: (addr, initial value, final value, final ts), sent at time 0 and received at the end.</summary>
public sealed class MemoryBoundaryAir : IAir
{
    public const int Active = 0, Addr = 1, Init = 2, Final = 3, FinalTs = 4;

    public string Name => "memory boundary";

    public int Width => 5;

    public void Eval(AirBuilder b)
    {
        b.AssertBool("active is boolean", b.Main(Active));
        b.Send(MemoryAir.Bus, b.Main(Active), b.Main(Addr), b.Main(Init), 0);
        b.Receive(MemoryAir.Bus, b.Main(Active), b.Main(Addr), b.Main(Final), b.Main(FinalTs));
    }
}

/// <summary>Builds honest witnesses for the memory machine: memory, boundary, bytes.</summary>
public static class MemoryWitness
{
    public static IAir[] Airs() => [new MemoryAir(), new MemoryBoundaryAir(), new ByteTableAir()];

    public static TableWitness[] Build(int rows, int accesses, int cells, int seed)
    {
        var rng = new Random(seed);
        var mem = new Trace(9, rows);
        var values = new uint[cells];
        var lastTs = new uint[cells];
        for (var c = 0; c < cells; c++)
        {
            values[c] = (uint)rng.Next(1000);
        }

        var init = (uint[])values.Clone();
        var bytes = new List<uint>();
        for (var r = 0; r < rows; r++)
        {
            var ts = (uint)(r + 1);
            mem[r, MemoryAir.Ts] = BabyBear.FromUInt32(ts);
            if (r >= accesses)
            {
                continue;
            }

            var addr = rng.Next(cells);
            var write = rng.Next(2) == 1;
            var value = write ? (uint)rng.Next(1000) : values[addr];
            var diff = ts - lastTs[addr] - 1;
            mem[r, MemoryAir.Active] = BabyBear.One;
            mem[r, MemoryAir.Addr] = BabyBear.FromUInt32((uint)addr);
            mem[r, MemoryAir.Value] = BabyBear.FromUInt32(value);
            mem[r, MemoryAir.IsWrite] = write ? BabyBear.One : BabyBear.Zero;
            mem[r, MemoryAir.PrevValue] = BabyBear.FromUInt32(values[addr]);
            mem[r, MemoryAir.PrevTs] = BabyBear.FromUInt32(lastTs[addr]);
            mem[r, MemoryAir.DiffLo] = BabyBear.FromUInt32(diff & 255);
            mem[r, MemoryAir.DiffHi] = BabyBear.FromUInt32(diff >> 8);
            bytes.Add(diff & 255);
            bytes.Add(diff >> 8);
            values[addr] = value;
            lastTs[addr] = ts;
        }

        var boundaryRows = (int)uint.Max(4, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)cells));
        var boundary = new Trace(5, boundaryRows);
        for (var c = 0; c < cells; c++)
        {
            boundary[c, MemoryBoundaryAir.Active] = BabyBear.One;
            boundary[c, MemoryBoundaryAir.Addr] = BabyBear.FromUInt32((uint)c);
            boundary[c, MemoryBoundaryAir.Init] = BabyBear.FromUInt32(init[c]);
            boundary[c, MemoryBoundaryAir.Final] = BabyBear.FromUInt32(values[c]);
            boundary[c, MemoryBoundaryAir.FinalTs] = BabyBear.FromUInt32(lastTs[c]);
        }

        return [new TableWitness(mem), new TableWitness(boundary), ByteTableAir.Witness(bytes)];
    }
}
