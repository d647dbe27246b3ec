using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>
/// The prover's form of a <see cref="ConstraintProgram"/>: register instructions over packed rows
/// (16, 8 or 1 rows per register), with extension values in 4 registers, and each root folded
/// into an accumulator Σ_r w_r·C_r as soon as it is computed. Registers are reused after a
/// value's last use to keep the register file small.
/// </summary>
internal sealed class PackedProgram
{
    private readonly Instr[] _prologue;
    private readonly Instr[] _body;

    private PackedProgram(Instr[] prologue, Instr[] body, int registers)
    {
        _prologue = prologue;
        _body = body;
        Registers = registers;
    }

    public int Registers { get; }

    private enum Op : byte
    {
        Const, Public, Challenge, SumShare,
        Main, Pre, Aux, First, Last, Transition,
        AddB, SubB, MulB, NegB,
        AddE, SubE, MulE, NegE,
        AddEB, SubEB, SubBE, MulEB,
        AccB, AccE,
    }

    // A: column / operand / source register; B: offset / operand / weight index; C: destination.
    private readonly record struct Instr(Op Op, int Dst, int A, int B, BabyBear K);

    public static PackedProgram Compile(ConstraintProgram program)
    {
        var nodes = program.Nodes;
        var lastUse = new int[nodes.Length];
        Array.Fill(lastUse, -1);
        for (var i = 0; i < nodes.Length; i++)
        {
            if (nodes[i].A >= 0)
            {
                lastUse[nodes[i].A] = i;
            }

            if (nodes[i].B >= 0)
            {
                lastUse[nodes[i].B] = i;
            }
        }

        var rootsAt = new List<int>[nodes.Length];
        for (var r = 0; r < program.Roots.Length; r++)
        {
            var id = program.Roots[r];
            (rootsAt[id] ??= []).Add(r);
            lastUse[id] = Math.Max(lastUse[id], id);
        }

        var reg = new int[nodes.Length];
        var next = 0;
        var free1 = new Stack<int>();
        var free4 = new Stack<int>();
        var prologue = new List<Instr>();
        var body = new List<Instr>();

        int Alloc(bool ext)
        {
            var pool = ext ? free4 : free1;
            if (pool.Count > 0)
            {
                return pool.Pop();
            }

            var r = next;
            next += ext ? 4 : 1;
            return r;
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            var n = nodes[i];
            var invariant = n.Kind is ExprKind.Constant or ExprKind.Public or ExprKind.Challenge or ExprKind.SumShare;
            var dst = invariant ? (next += n.IsExt ? 4 : 1) - (n.IsExt ? 4 : 1) : Alloc(n.IsExt);
            reg[i] = dst;
            var ea = n.A >= 0 && nodes[n.A].IsExt;
            var eb = n.B >= 0 && nodes[n.B].IsExt;
            var ra = n.A >= 0 ? reg[n.A] : 0;
            var rb = n.B >= 0 ? reg[n.B] : 0;
            Instr ins = n.Kind switch
            {
                ExprKind.Constant => new(Op.Const, dst, 0, 0, n.Constant),
                ExprKind.Public => new(Op.Public, dst, n.Index, 0, default),
                ExprKind.Challenge => new(Op.Challenge, dst, n.Index, 0, default),
                ExprKind.SumShare => new(Op.SumShare, dst, 0, 0, default),
                ExprKind.Main => new(Op.Main, dst, n.Index, n.Offset, default),
                ExprKind.Preprocessed => new(Op.Pre, dst, n.Index, n.Offset, default),
                ExprKind.Aux => new(Op.Aux, dst, n.Index, n.Offset, default),
                ExprKind.IsFirstRow => new(Op.First, dst, 0, 0, default),
                ExprKind.IsLastRow => new(Op.Last, dst, 0, 0, default),
                ExprKind.IsTransition => new(Op.Transition, dst, 0, 0, default),
                ExprKind.Neg => new(ea ? Op.NegE : Op.NegB, dst, ra, 0, default),
                ExprKind.Add when !ea && !eb => new(Op.AddB, dst, ra, rb, default),
                ExprKind.Add when ea && eb => new(Op.AddE, dst, ra, rb, default),
                ExprKind.Add => ea ? new(Op.AddEB, dst, ra, rb, default) : new(Op.AddEB, dst, rb, ra, default),
                ExprKind.Sub when !ea && !eb => new(Op.SubB, dst, ra, rb, default),
                ExprKind.Sub when ea && eb => new(Op.SubE, dst, ra, rb, default),
                ExprKind.Sub => ea ? new(Op.SubEB, dst, ra, rb, default) : new(Op.SubBE, dst, ra, rb, default),
                ExprKind.Mul when !ea && !eb => new(Op.MulB, dst, ra, rb, default),
                ExprKind.Mul when ea && eb => new(Op.MulE, dst, ra, rb, default),
                ExprKind.Mul => ea ? new(Op.MulEB, dst, ra, rb, default) : new(Op.MulEB, dst, rb, ra, default),
                _ => throw new InvalidOperationException($"Unknown node kind {n.Kind}."),
            };
            (invariant ? prologue : body).Add(ins);

            if (rootsAt[i] is { } rs)
            {
                foreach (var r in rs)
                {
                    body.Add(new(n.IsExt ? Op.AccE : Op.AccB, 0, dst, r, default));
                }
            }

            // Free operands (and a root nobody else reads) after their last use.
            Release(n.A, i);
            if (n.B != n.A)
            {
                Release(n.B, i);
            }

            if (lastUse[i] == i && n.A >= 0)
            {
                Release(i, i);
            }

            void Release(int operand, int at)
            {
                if (operand < 0 || lastUse[operand] != at)
                {
                    return;
                }

                var k = nodes[operand].Kind;
                if (k is ExprKind.Constant or ExprKind.Public or ExprKind.Challenge or ExprKind.SumShare)
                {
                    return;
                }

                (nodes[operand].IsExt ? free4 : free1).Push(reg[operand]);
            }
        }

        return new PackedProgram([.. prologue], [.. body], next);
    }

    /// <summary>
    /// Writes Σ_r w_r·C_r(x) for the window's rows into the four coefficient planes at
    /// [outputStart, outputStart + window.Rows), at the widest SIMD path the row count allows.
    /// </summary>
    public void Evaluate(QuotientInputs inputs, QuotientWindow window, BabyBear[][] output, int outputStart)
    {
        switch (BabyBearVector.Path)
        {
            case SimdPath.Avx512 when window.Rows % 16 == 0:
                Run<Vector512<uint>, Lanes512>(inputs, window, output, outputStart);
                break;
            case SimdPath.Avx512 or SimdPath.Avx2 when window.Rows % 8 == 0:
                Run<Vector256<uint>, Lanes256>(inputs, window, output, outputStart);
                break;
            default:
                Run<uint, LanesScalar>(inputs, window, output, outputStart);
                break;
        }
    }

    /// <summary>As <see cref="Evaluate"/> at one lane width; window.Rows must be a multiple of it.</summary>
    internal void Run<TV, TL>(QuotientInputs inputs, QuotientWindow window, BabyBear[][] output, int outputStart)
        where TV : unmanaged
        where TL : IPackedLanes<TV>
    {
        if (window.RegisterCache is not TV[] regs || regs.Length < Registers)
        {
            window.RegisterCache = regs = new TV[Math.Max(1, Registers)];
        }

        var weightCount = inputs.ConstraintWeights.Length * 4;
        if (window.WeightCache is not TV[] weights || weights.Length < weightCount)
        {
            window.WeightCache = weights = new TV[Math.Max(1, weightCount)];
        }

        for (var r = 0; r < inputs.ConstraintWeights.Length; r++)
        {
            for (var k = 0; k < 4; k++)
            {
                weights[(4 * r) + k] = Splat<TV, TL>(inputs.ConstraintWeights[r][k]);
            }
        }

        foreach (var ins in _prologue)
        {
            switch (ins.Op)
            {
                case Op.Const:
                    regs[ins.Dst] = Splat<TV, TL>(ins.K);
                    break;
                case Op.Public:
                    regs[ins.Dst] = Splat<TV, TL>(inputs.Publics[ins.A]);
                    break;
                case Op.Challenge:
                    BroadcastExt<TV, TL>(regs, ins.Dst, inputs.Challenges[ins.A]);
                    break;
                case Op.SumShare:
                    BroadcastExt<TV, TL>(regs, ins.Dst, inputs.SumShare);
                    break;
            }
        }

        var lanes = TL.Count;
        var stride = window.Stride;
        var nextShift = window.NextShift;
        var main = MemoryMarshal.Cast<BabyBear, uint>(window.Main.AsSpan());
        var pre = MemoryMarshal.Cast<BabyBear, uint>(window.Preprocessed.AsSpan());
        var aux = MemoryMarshal.Cast<BabyBear, uint>(window.Aux.AsSpan());
        var first = MemoryMarshal.Cast<BabyBear, uint>(window.IsFirstRow.AsSpan());
        var last = MemoryMarshal.Cast<BabyBear, uint>(window.IsLastRow.AsSpan());
        var transition = MemoryMarshal.Cast<BabyBear, uint>(window.IsTransition.AsSpan());
        var o0 = MemoryMarshal.Cast<BabyBear, uint>(output[0].AsSpan(outputStart, window.Rows));
        var o1 = MemoryMarshal.Cast<BabyBear, uint>(output[1].AsSpan(outputStart, window.Rows));
        var o2 = MemoryMarshal.Cast<BabyBear, uint>(output[2].AsSpan(outputStart, window.Rows));
        var o3 = MemoryMarshal.Cast<BabyBear, uint>(output[3].AsSpan(outputStart, window.Rows));
        var end = window.Rows;
        var start = 0;

        for (var row = start; row < end; row += lanes)
        {
            TV a0 = default, a1 = default, a2 = default, a3 = default;
            foreach (var ins in _body)
            {
                switch (ins.Op)
                {
                    case Op.Main:
                        regs[ins.Dst] = TL.Load(ref main[(ins.A * stride) + row + (ins.B * nextShift)]);
                        break;
                    case Op.Pre:
                        regs[ins.Dst] = TL.Load(ref pre[(ins.A * stride) + row + (ins.B * nextShift)]);
                        break;
                    case Op.Aux:
                        for (var k = 0; k < 4; k++)
                        {
                            regs[ins.Dst + k] = TL.Load(ref aux[((4 * ins.A) + k) * stride + row + (ins.B * nextShift)]);
                        }

                        break;
                    case Op.First:
                        regs[ins.Dst] = TL.Load(ref first[row]);
                        break;
                    case Op.Last:
                        regs[ins.Dst] = TL.Load(ref last[row]);
                        break;
                    case Op.Transition:
                        regs[ins.Dst] = TL.Load(ref transition[row]);
                        break;
                    case Op.AddB:
                        regs[ins.Dst] = TL.Add(regs[ins.A], regs[ins.B]);
                        break;
                    case Op.SubB:
                        regs[ins.Dst] = TL.Sub(regs[ins.A], regs[ins.B]);
                        break;
                    case Op.MulB:
                        regs[ins.Dst] = TL.Mul(regs[ins.A], regs[ins.B]);
                        break;
                    case Op.NegB:
                        regs[ins.Dst] = TL.Neg(regs[ins.A]);
                        break;
                    case Op.AddE:
                        for (var k = 0; k < 4; k++)
                        {
                            regs[ins.Dst + k] = TL.Add(regs[ins.A + k], regs[ins.B + k]);
                        }

                        break;
                    case Op.SubE:
                        for (var k = 0; k < 4; k++)
                        {
                            regs[ins.Dst + k] = TL.Sub(regs[ins.A + k], regs[ins.B + k]);
                        }

                        break;
                    case Op.NegE:
                        for (var k = 0; k < 4; k++)
                        {
                            regs[ins.Dst + k] = TL.Neg(regs[ins.A + k]);
                        }

                        break;
                    case Op.AddEB:
                        {
                            var b = regs[ins.B];
                            regs[ins.Dst] = TL.Add(regs[ins.A], b);
                            for (var k = 1; k < 4; k++)
                            {
                                regs[ins.Dst + k] = regs[ins.A + k];
                            }

                            break;
                        }

                    case Op.SubEB:
                        {
                            var b = regs[ins.B];
                            regs[ins.Dst] = TL.Sub(regs[ins.A], b);
                            for (var k = 1; k < 4; k++)
                            {
                                regs[ins.Dst + k] = regs[ins.A + k];
                            }

                            break;
                        }

                    case Op.SubBE:
                        {
                            var a = regs[ins.A];
                            regs[ins.Dst] = TL.Sub(a, regs[ins.B]);
                            for (var k = 1; k < 4; k++)
                            {
                                regs[ins.Dst + k] = TL.Neg(regs[ins.B + k]);
                            }

                            break;
                        }

                    case Op.MulEB:
                        {
                            var b = regs[ins.B];
                            for (var k = 0; k < 4; k++)
                            {
                                regs[ins.Dst + k] = TL.Mul(regs[ins.A + k], b);
                            }

                            break;
                        }

                    case Op.MulE:
                        MulExt<TV, TL>(regs, ins.Dst, ins.A, ins.B);
                        break;
                    case Op.AccB:
                        {
                            var c = regs[ins.A];
                            var w = 4 * ins.B;
                            a0 = TL.Add(a0, TL.Mul(weights[w], c));
                            a1 = TL.Add(a1, TL.Mul(weights[w + 1], c));
                            a2 = TL.Add(a2, TL.Mul(weights[w + 2], c));
                            a3 = TL.Add(a3, TL.Mul(weights[w + 3], c));
                            break;
                        }

                    case Op.AccE:
                        {
                            var (p0, p1, p2, p3) = MulExt<TV, TL>(
                                weights[4 * ins.B], weights[(4 * ins.B) + 1], weights[(4 * ins.B) + 2], weights[(4 * ins.B) + 3],
                                regs[ins.A], regs[ins.A + 1], regs[ins.A + 2], regs[ins.A + 3]);
                            a0 = TL.Add(a0, p0);
                            a1 = TL.Add(a1, p1);
                            a2 = TL.Add(a2, p2);
                            a3 = TL.Add(a3, p3);
                            break;
                        }
                }
            }

            TL.Store(a0, ref o0[row]);
            TL.Store(a1, ref o1[row]);
            TL.Store(a2, ref o2[row]);
            TL.Store(a3, ref o3[row]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Splat<TV, TL>(BabyBear value)
        where TV : unmanaged
        where TL : IPackedLanes<TV> => TL.Splat(Unsafe.BitCast<BabyBear, uint>(value));

    private static void BroadcastExt<TV, TL>(TV[] regs, int dst, BabyBear4 v)
        where TV : unmanaged
        where TL : IPackedLanes<TV>
    {
        for (var k = 0; k < 4; k++)
        {
            regs[dst + k] = Splat<TV, TL>(v[k]);
        }
    }

    private static void MulExt<TV, TL>(TV[] regs, int dst, int a, int b)
        where TV : unmanaged
        where TL : IPackedLanes<TV>
    {
        var (c0, c1, c2, c3) = MulExt<TV, TL>(
            regs[a], regs[a + 1], regs[a + 2], regs[a + 3], regs[b], regs[b + 1], regs[b + 2], regs[b + 3]);
        regs[dst] = c0;
        regs[dst + 1] = c1;
        regs[dst + 2] = c2;
        regs[dst + 3] = c3;
    }

    /// <summary>(a0 + a1X + a2X² + a3X³)(b0 + …) mod X⁴ − 11, lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV, TV, TV, TV) MulExt<TV, TL>(TV a0, TV a1, TV a2, TV a3, TV b0, TV b1, TV b2, TV b3)
        where TV : unmanaged
        where TL : IPackedLanes<TV>
    {
        var w0 = TL.Add(TL.Add(TL.Mul(a1, b3), TL.Mul(a2, b2)), TL.Mul(a3, b1));
        var w1 = TL.Add(TL.Mul(a2, b3), TL.Mul(a3, b2));
        var w2 = TL.Mul(a3, b3);
        var c0 = TL.Add(TL.Mul(a0, b0), Times11<TV, TL>(w0));
        var c1 = TL.Add(TL.Add(TL.Mul(a0, b1), TL.Mul(a1, b0)), Times11<TV, TL>(w1));
        var c2 = TL.Add(TL.Add(TL.Add(TL.Mul(a0, b2), TL.Mul(a1, b1)), TL.Mul(a2, b0)), Times11<TV, TL>(w2));
        var c3 = TL.Add(TL.Add(TL.Mul(a0, b3), TL.Mul(a1, b2)), TL.Add(TL.Mul(a2, b1), TL.Mul(a3, b0)));
        return (c0, c1, c2, c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Times11<TV, TL>(TV x)
        where TV : unmanaged
        where TL : IPackedLanes<TV>
    {
        var x2 = TL.Add(x, x);
        var x8 = TL.Add(TL.Add(x2, x2), TL.Add(x2, x2));
        return TL.Add(TL.Add(x8, x2), x);
    }
}
