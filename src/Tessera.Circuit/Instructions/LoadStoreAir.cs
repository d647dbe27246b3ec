using Tessera.Circuit.Execution;
using Tessera.Circuit.Gadgets;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Program;
using Tessera.Field;
using Tessera.Stark.Air;
using Tessera.Vm;

namespace Tessera.Circuit.Instructions;

/// <summary>
/// LB, LH, LW, LBU, LHU, SB, SH, SW: one access to the word at address rs1 + imm, at slot
/// <see cref="Timestamps.SlotMemory"/>, through one <see cref="MemoryAccess.Write"/> (a load writes
/// back the word it read).
/// <list type="bullet">
/// <item>Address: a carry chain rs1 + imm = D mod 2^32 (carries k0..k3 boolean) whose low byte is
/// D0 = o + 4h, o = f1 + 2f2 + 3f3 with f0..f3 the one-hot offset flags (f0 = is_real − f1 − f2 − f3),
/// h and D1..D3 range-checked and D3 &lt; 16. So D &lt; 2^28 + 2^10 is the true 32-bit sum (an address at
/// or above 2^28 lies outside guest memory), D − o is a multiple of 4 and o is the address's low two
/// bits, and the word address W = D − o is the memory bus address. Alignment: LW/SW need o = 0,
/// LH/LHU/SH need f1 = f3 = 0.</item>
/// <item>Lower bound: W − lower ∈ [0, 2^28) by limbs e0 + 2^8·e1 + 2^16·e2 + 2^24·e3 (Range(e0, e1),
/// Range(e2, 16·e3)), with lower the code end for stores (no store reaches the code, which sits at the
/// bottom of guest memory) and <see cref="MemoryMap.Base"/> for loads (so no load reaches the
/// registers, which are memory bus addresses 0..31). Addresses in guest memory's gaps or above it need
/// no check here: no page holds them, so the memory bus cannot balance.</item>
/// <item>Loads: the byte or half at the offset (Σ f_j·prev_j), sign-extended with Lt(top, 128) from
/// the byte table, or zero-extended, is rd; the word written back is the previous word.</item>
/// <item>Stores: rs2's low byte or half replaces the bytes at the offset; the other bytes stay.</item>
/// </list>
/// </summary>
internal sealed class LoadStoreAir : InstructionAir
{
    private static readonly Opcode[] Loads = [Opcode.Lb, Opcode.Lh, Opcode.Lw, Opcode.Lbu, Opcode.Lhu];
    private static readonly Opcode[] Stores = [Opcode.Sb, Opcode.Sh, Opcode.Sw];

    private WordColumns _imm;
    private int[] _flags = [];
    private int _quarter;
    private int[] _address = [];
    private int[] _carry = [];
    private int[] _above = [];
    private MemoryAccess _memory = null!;
    private WordColumns _new;
    private int _sign;

    /// <param name="codeEnd">One past the program's code: no store may reach below it.</param>
    public LoadStoreAir(uint codeEnd)
        : base("loadstore", [.. Loads, .. Stores], readsRs1: true, readsRs2: true, writesRd: true)
    {
        if ((codeEnd & 3) != 0 || codeEnd < MemoryMap.Base || codeEnd > MemoryMap.End)
        {
            throw new ArgumentOutOfRangeException(nameof(codeEnd), $"0x{codeEnd:x8} is not a 4-aligned code end in guest memory.");
        }

        CodeEnd = codeEnd;
    }

    /// <summary>One past the code: the lowest address a store may write.</summary>
    public uint CodeEnd { get; }


    /// <summary>The column of byte <paramref name="i"/> of the word written back.</summary>
    internal int NewByteColumn(int i) => _new.Bytes[i];

    /// <summary>The column of offset flag <paramref name="j"/> (1..3).</summary>
    internal int FlagColumn(int j) => _flags[j - 1];

    /// <summary>The column of the address's byte 0 &gt;&gt; 2.</summary>
    internal int QuarterColumn => _quarter;

    /// <summary>The sign column of LB/LH.</summary>
    internal int SignColumn => _sign;

    protected override void Layout(ColumnAllocator columns)
    {
        _imm = columns.Word();
        _flags = columns.Take(3);
        _quarter = columns.Next();
        _address = columns.Take(3);
        _carry = columns.Take(4);
        _above = columns.Take(4);
        _memory = MemoryAccess.Write("memory", columns);
        _new = columns.Word();
        _sign = columns.Next();
    }

    protected override bool ReadsRs2(in Step s) => Stores.Contains(s.Ins.Op);

    protected override void EvalFamily(AirBuilder b)
    {
        var ad = Adapter;
        var a = ad.A.Read(b);
        var bb = ad.B.Read(b);
        var c = ad.C.Read(b);
        var imm = _imm.Read(b);
        var prev = _memory.Previous!.Value.Read(b);
        var n = _new.Read(b);
        var isReal = IsReal(b);
        var load = Any(b, Loads);
        var store = Any(b, Stores);
        var lb = Sel(b, Opcode.Lb);
        var lh = Sel(b, Opcode.Lh);
        var lw = Sel(b, Opcode.Lw);
        var lbu = Sel(b, Opcode.Lbu);
        var lhu = Sel(b, Opcode.Lhu);
        var sb = Sel(b, Opcode.Sb);
        var sh = Sel(b, Opcode.Sh);
        var sw = Sel(b, Opcode.Sw);

        ad.Eval(b, isReal, OpcodeOf(b), imm, b.Main(ad.Pc) + 4, readsRs2: store);

        // The offset flags.
        var f1 = b.Main(_flags[0]);
        var f2 = b.Main(_flags[1]);
        var f3 = b.Main(_flags[2]);
        var f0 = isReal - f1 - f2 - f3;
        Expr[] f = [f0, f1, f2, f3];
        for (var j = 0; j < 4; j++)
        {
            b.AssertBool($"loadstore: offset flag {j} boolean", f[j]);
        }

        b.AssertZero("loadstore: word access aligned", (lw + sw) * (f1 + f2 + f3));
        b.AssertZero("loadstore: half access aligned", (lh + lhu + sh) * (f1 + f3));

        // rs1 + imm = D, D0 = offset + 4·quarter.
        var quarter = b.Main(_quarter);
        Expr[] d = [f1 + (2 * f2) + (3 * f3) + (4 * quarter), b.Main(_address[0]), b.Main(_address[1]), b.Main(_address[2])];
        var k = _carry.Select(b.Main).ToArray();
        for (var i = 0; i < 4; i++)
        {
            var carryIn = i == 0 ? Expr.Zero : k[i - 1];
            b.AssertBool($"loadstore: carry {i} boolean", k[i]);
            b.AssertZero($"loadstore: byte {i} of rs1 + imm", isReal * (a[i] + imm[i] + carryIn - d[i] - (256 * k[i])));
        }

        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), quarter, d[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), d[2], 16 * d[3], Expr.Zero);
        var word = (4 * quarter) + (256 * d[1]) + (65536 * d[2]) + (Expr.Const(1 << 24) * d[3]);

        // W − lower ∈ [0, 2^28): loads stay above the registers, stores above the code.
        var e = _above.Select(b.Main).ToArray();
        var limbs = e[0] + (256 * e[1]) + (65536 * e[2]) + (Expr.Const(1 << 24) * e[3]);
        var lower = (load * (int)MemoryMap.Base) + (store * Expr.Const(CodeEnd));
        b.AssertZero("loadstore: address above the code (stores) or the registers (loads)", (isReal * (word - limbs)) - lower);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), e[0], e[1], Expr.Zero);
        b.Send(Buses.Byte, isReal, Expr.Const((int)ByteOp.Range), e[2], 16 * e[3], Expr.Zero);

        _memory.Eval(b, isReal, word, n, ad.Ts(b, Timestamps.SlotMemory));

        // Loads: rd from the previous word.
        var s = b.Main(_sign);
        var byteLoad = lb + lbu;
        var halfLoad = lh + lhu;
        var picked = Expr.Sum(Enumerable.Range(0, 4).Select(j => f[j] * prev[j]));
        var lo = (f0 * prev[0]) + (f2 * prev[2]);
        var hi = (f0 * prev[1]) + (f2 * prev[3]);
        b.Send(Buses.Byte, lb, Expr.Const((int)ByteOp.Lt), c[0], Expr.Const(128), 1 - s);
        b.Send(Buses.Byte, lh, Expr.Const((int)ByteOp.Lt), c[1], Expr.Const(128), 1 - s);
        var fill = 255 * s;
        b.AssertZero("loadstore: loaded byte 0", (lw * (c[0] - prev[0])) + (halfLoad * (c[0] - lo)) + (byteLoad * (c[0] - picked)));
        b.AssertZero("loadstore: loaded byte 1", (lw * (c[1] - prev[1])) + (halfLoad * (c[1] - hi)) + (lb * (c[1] - fill)) + (lbu * c[1]));
        for (var i = 2; i < 4; i++)
        {
            b.AssertZero($"loadstore: loaded byte {i}", (lw * (c[i] - prev[i])) + ((lb + lh) * (c[i] - fill)) + ((lbu + lhu) * c[i]));
        }

        // The word written back: unchanged by a load; rs2's low bytes at the offset for a store.
        Expr[] shNew = [(f0 * bb[0]) + (f2 * prev[0]), (f0 * bb[1]) + (f2 * prev[1]), (f0 * prev[2]) + (f2 * bb[0]), (f0 * prev[3]) + (f2 * bb[1])];
        for (var i = 0; i < 4; i++)
        {
            var sbNew = prev[i] + (f[i] * (bb[0] - prev[i]));
            b.AssertZero($"loadstore: stored byte {i}", (load * (n[i] - prev[i])) + (sw * (n[i] - bb[i])) + (sh * (n[i] - shNew[i])) + (sb * (n[i] - sbNew)));
        }
    }

    protected override void FillFamily(Span<BabyBear> row, in Step s, int clk, ByteCounts bytes)
    {
        var op = s.Ins.Op;
        var imm = s.Ins.Imm;
        var address = s.A + imm;
        var offset = (int)(address & 3);
        _imm.Fill(row, imm);
        for (var j = 1; j < 4; j++)
        {
            row[_flags[j - 1]] = offset == j ? BabyBear.One : BabyBear.Zero;
        }

        var quarter = (address & 0xFF) >> 2;
        row[_quarter] = BabyBear.FromCanonical(quarter);
        for (var i = 1; i < 4; i++)
        {
            row[_address[i - 1]] = BabyBear.FromCanonical((address >> (8 * i)) & 0xFF);
        }

        bytes.Range(quarter, (address >> 8) & 0xFF);
        bytes.Range((address >> 16) & 0xFF, 16 * (address >> 24));
        uint carry = 0;
        for (var i = 0; i < 4; i++)
        {
            var sum = ((s.A >> (8 * i)) & 0xFF) + ((imm >> (8 * i)) & 0xFF) + carry;
            carry = sum >> 8;
            row[_carry[i]] = BabyBear.FromCanonical(carry);
        }

        var above = (address & ~3u) - (Stores.Contains(op) ? CodeEnd : MemoryMap.Base);
        for (var i = 0; i < 4; i++)
        {
            row[_above[i]] = BabyBear.FromCanonical((above >> (8 * i)) & 0xFF);
        }

        bytes.Range(above & 0xFF, (above >> 8) & 0xFF);
        bytes.Range((above >> 16) & 0xFF, 16 * (above >> 24));

        _memory.Fill(row, s.MemPrevTs, Timestamps.Of(clk, Timestamps.SlotMemory), bytes, s.MemPrev);
        _new.Fill(row, s.MemNew);
        Adapter.C.Fill(row, s.Result);
        switch (op)
        {
            case Opcode.Lb:
                row[_sign] = BabyBear.FromCanonical((s.Result >> 7) & 1);
                bytes.Add(ByteOp.Lt, s.Result & 0xFF, 128);
                break;
            case Opcode.Lh:
                row[_sign] = BabyBear.FromCanonical((s.Result >> 15) & 1);
                bytes.Add(ByteOp.Lt, (s.Result >> 8) & 0xFF, 128);
                break;
        }
    }
}
