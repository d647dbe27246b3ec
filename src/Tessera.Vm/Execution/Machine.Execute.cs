using System.Runtime.CompilerServices;

namespace Tessera.Vm.Execution;

/// <summary>The interpreter loop: one switch over predecoded ops, registers and memory behind raw pointers.</summary>
public sealed unsafe partial class Machine
{
    private const uint MemBase = Tessera.Vm.MemoryMap.Base;
    private const uint MemSize = Tessera.Vm.Memory.GuestMemory.Size;

    /// <summary>Runs until exit (true) or until the cycle count reaches <paramref name="limit"/> (false).</summary>
    internal bool Execute<T>(ref T tracker, long limit)
        where T : struct, IMemoryTracker
    {
        if (Exited)
        {
            return true;
        }

        var mem = _memory.Pointer;
        var codeBase = _codeBase;
        var codeBytes = _codeBytes;

        // A store of up to 4 bytes overlaps the code iff its address lies in [codeBase - 3, codeEnd).
        var guardLo = codeBase - 3;
        var guardLen = codeBytes + 3;
        var i = _index;
        var cycles = _cycles;
        var corruptAdd = CorruptAddAtCycle;
        uint fault = 0;
        fixed (Instruction* code = _code)
        fixed (uint* x = _regs)
        {
            while (cycles < limit)
            {
                tracker.Fetch(i, ref limit);
                var p = code + i;
                cycles++;
                switch (p->Op)
                {
                    case Op.LoadConst:
                        x[p->Rd] = (uint)p->Imm;
                        i++;
                        break;
                    case Op.Jal:
                        if (p->Imm < 0)
                        {
                            goto badBranch;
                        }

                        x[p->Rd] = codeBase + ((uint)i * 4) + 4;
                        i = p->Imm;
                        break;
                    case Op.Jalr:
                        {
                            var t = (x[p->Rs1] + (uint)p->Imm) & ~1u;
                            var off = t - codeBase;
                            if ((off & 3) != 0 || off >= codeBytes)
                            {
                                fault = t;
                                goto badJalr;
                            }

                            x[p->Rd] = codeBase + ((uint)i * 4) + 4;
                            i = (int)(off >> 2);
                            break;
                        }

                    case Op.Beq:
                        if (x[p->Rs1] == x[p->Rs2])
                        {
                            goto taken;
                        }

                        i++;
                        break;
                    case Op.Bne:
                        if (x[p->Rs1] != x[p->Rs2])
                        {
                            goto taken;
                        }

                        i++;
                        break;
                    case Op.Blt:
                        if ((int)x[p->Rs1] < (int)x[p->Rs2])
                        {
                            goto taken;
                        }

                        i++;
                        break;
                    case Op.Bge:
                        if ((int)x[p->Rs1] >= (int)x[p->Rs2])
                        {
                            goto taken;
                        }

                        i++;
                        break;
                    case Op.Bltu:
                        if (x[p->Rs1] < x[p->Rs2])
                        {
                            goto taken;
                        }

                        i++;
                        break;
                    case Op.Bgeu:
                        if (x[p->Rs1] >= x[p->Rs2])
                        {
                            goto taken;
                        }

                        i++;
                        break;
                    case Op.Lb:
                        {
                            var a = x[p->Rs1] + (uint)p->Imm;
                            if (a - MemBase > MemSize - 1)
                            {
                                fault = a;
                                goto badLoad;
                            }

                            tracker.CheckAccess(a, 1, false, codeBase + ((uint)i * 4));
                            tracker.Read(a, 1, ref limit);
                            x[p->Rd] = (uint)(sbyte)mem[a];
                            i++;
                            break;
                        }

                    case Op.Lbu:
                        {
                            var a = x[p->Rs1] + (uint)p->Imm;
                            if (a - MemBase > MemSize - 1)
                            {
                                fault = a;
                                goto badLoad;
                            }

                            tracker.CheckAccess(a, 1, false, codeBase + ((uint)i * 4));
                            tracker.Read(a, 1, ref limit);
                            x[p->Rd] = mem[a];
                            i++;
                            break;
                        }

                    case Op.Lh:
                        {
                            var a = x[p->Rs1] + (uint)p->Imm;
                            if (a - MemBase > MemSize - 2)
                            {
                                fault = a;
                                goto badLoad;
                            }

                            tracker.CheckAccess(a, 2, false, codeBase + ((uint)i * 4));
                            tracker.Read(a, 2, ref limit);
                            x[p->Rd] = (uint)Unsafe.ReadUnaligned<short>(mem + a);
                            i++;
                            break;
                        }

                    case Op.Lhu:
                        {
                            var a = x[p->Rs1] + (uint)p->Imm;
                            if (a - MemBase > MemSize - 2)
                            {
                                fault = a;
                                goto badLoad;
                            }

                            tracker.CheckAccess(a, 2, false, codeBase + ((uint)i * 4));
                            tracker.Read(a, 2, ref limit);
                            x[p->Rd] = Unsafe.ReadUnaligned<ushort>(mem + a);
                            i++;
                            break;
                        }

                    case Op.Lw:
                        {
                            var a = x[p->Rs1] + (uint)p->Imm;
                            if (a - MemBase > MemSize - 4)
                            {
                                fault = a;
                                goto badLoad;
                            }

                            tracker.CheckAccess(a, 4, false, codeBase + ((uint)i * 4));
                            tracker.Read(a, 4, ref limit);
                            x[p->Rd] = Unsafe.ReadUnaligned<uint>(mem + a);
                            i++;
                            break;
                        }

                    case Op.Sb:
                        {
                            var a = x[p->Rs1] + (uint)p->Imm;
                            if (a - MemBase > MemSize - 1)
                            {
                                fault = a;
                                goto badStore;
                            }

                            tracker.CheckAccess(a, 1, true, codeBase + ((uint)i * 4));
                            tracker.Write(a, 1, ref limit);
                            mem[a] = (byte)x[p->Rs2];
                            if (a - guardLo < guardLen)
                            {
                                CodeWritten(a, 1);
                            }

                            i++;
                            break;
                        }

                    case Op.Sh:
                        {
                            var a = x[p->Rs1] + (uint)p->Imm;
                            if (a - MemBase > MemSize - 2)
                            {
                                fault = a;
                                goto badStore;
                            }

                            tracker.CheckAccess(a, 2, true, codeBase + ((uint)i * 4));
                            tracker.Write(a, 2, ref limit);
                            Unsafe.WriteUnaligned(mem + a, (ushort)x[p->Rs2]);
                            if (a - guardLo < guardLen)
                            {
                                CodeWritten(a, 2);
                            }

                            i++;
                            break;
                        }

                    case Op.Sw:
                        {
                            var a = x[p->Rs1] + (uint)p->Imm;
                            if (a - MemBase > MemSize - 4)
                            {
                                fault = a;
                                goto badStore;
                            }

                            tracker.CheckAccess(a, 4, true, codeBase + ((uint)i * 4));
                            tracker.Write(a, 4, ref limit);
                            Unsafe.WriteUnaligned(mem + a, x[p->Rs2]);
                            if (a - guardLo < guardLen)
                            {
                                CodeWritten(a, 4);
                            }

                            i++;
                            break;
                        }

                    case Op.Addi:
                        x[p->Rd] = x[p->Rs1] + (uint)p->Imm;
                        i++;
                        break;
                    case Op.Slti:
                        x[p->Rd] = (int)x[p->Rs1] < p->Imm ? 1u : 0u;
                        i++;
                        break;
                    case Op.Sltiu:
                        x[p->Rd] = x[p->Rs1] < (uint)p->Imm ? 1u : 0u;
                        i++;
                        break;
                    case Op.Xori:
                        x[p->Rd] = x[p->Rs1] ^ (uint)p->Imm;
                        i++;
                        break;
                    case Op.Ori:
                        x[p->Rd] = x[p->Rs1] | (uint)p->Imm;
                        i++;
                        break;
                    case Op.Andi:
                        x[p->Rd] = x[p->Rs1] & (uint)p->Imm;
                        i++;
                        break;
                    case Op.Slli:
                        x[p->Rd] = x[p->Rs1] << p->Imm;
                        i++;
                        break;
                    case Op.Srli:
                        x[p->Rd] = x[p->Rs1] >> p->Imm;
                        i++;
                        break;
                    case Op.Srai:
                        x[p->Rd] = (uint)((int)x[p->Rs1] >> p->Imm);
                        i++;
                        break;
                    case Op.Add:
                        x[p->Rd] = x[p->Rs1] + x[p->Rs2];
                        if (cycles == corruptAdd)
                        {
                            x[p->Rd] ^= 1; // test only: a cheating executor (see CorruptAddAtCycle)
                        }

                        i++;
                        break;
                    case Op.Sub:
                        x[p->Rd] = x[p->Rs1] - x[p->Rs2];
                        i++;
                        break;
                    case Op.Sll:
                        // C# masks a 32-bit shift count to its low 5 bits, as RISC-V does.
                        x[p->Rd] = x[p->Rs1] << (int)x[p->Rs2];
                        i++;
                        break;
                    case Op.Slt:
                        x[p->Rd] = (int)x[p->Rs1] < (int)x[p->Rs2] ? 1u : 0u;
                        i++;
                        break;
                    case Op.Sltu:
                        x[p->Rd] = x[p->Rs1] < x[p->Rs2] ? 1u : 0u;
                        i++;
                        break;
                    case Op.Xor:
                        x[p->Rd] = x[p->Rs1] ^ x[p->Rs2];
                        i++;
                        break;
                    case Op.Srl:
                        x[p->Rd] = x[p->Rs1] >> (int)x[p->Rs2];
                        i++;
                        break;
                    case Op.Sra:
                        x[p->Rd] = (uint)((int)x[p->Rs1] >> (int)x[p->Rs2]);
                        i++;
                        break;
                    case Op.Or:
                        x[p->Rd] = x[p->Rs1] | x[p->Rs2];
                        i++;
                        break;
                    case Op.And:
                        x[p->Rd] = x[p->Rs1] & x[p->Rs2];
                        i++;
                        break;
                    case Op.Mul:
                        x[p->Rd] = x[p->Rs1] * x[p->Rs2];
                        i++;
                        break;
                    case Op.Mulh:
                        x[p->Rd] = (uint)(((long)(int)x[p->Rs1] * (int)x[p->Rs2]) >> 32);
                        i++;
                        break;
                    case Op.Mulhsu:
                        x[p->Rd] = (uint)(((long)(int)x[p->Rs1] * (long)x[p->Rs2]) >> 32);
                        i++;
                        break;
                    case Op.Mulhu:
                        x[p->Rd] = (uint)(((ulong)x[p->Rs1] * x[p->Rs2]) >> 32);
                        i++;
                        break;
                    case Op.Div:
                        x[p->Rd] = Div(x[p->Rs1], x[p->Rs2]);
                        i++;
                        break;
                    case Op.Divu:
                        {
                            var b = x[p->Rs2];
                            x[p->Rd] = b == 0 ? uint.MaxValue : x[p->Rs1] / b;
                            i++;
                            break;
                        }

                    case Op.Rem:
                        x[p->Rd] = Rem(x[p->Rs1], x[p->Rs2]);
                        i++;
                        break;
                    case Op.Remu:
                        {
                            var b = x[p->Rs2];
                            x[p->Rd] = b == 0 ? x[p->Rs1] : x[p->Rs1] % b;
                            i++;
                            break;
                        }

                    case Op.Fence:
                        i++;
                        break;
                    case Op.Ecall:
                        _index = i;
                        _cycles = cycles;
                        switch (Syscall(ref tracker, ref limit))
                        {
                            case SyscallOutcome.Exit:
                                goto exited;
                            case SyscallOutcome.Defer:
                                _cycles = cycles - 1;
                                return false;
                        }

                        i++;
                        break;
                    case Op.Ebreak:
                        _index = i;
                        throw new GuestFaultException(FaultKind.Breakpoint, Pc, cycles - 1, "EBREAK");
                    case Op.FellOffCode:
                        _index = i;
                        throw new GuestFaultException(FaultKind.FetchOutsideCode, Pc, cycles - 1, "execution ran past the end of the executable segments");
                    default:
                        _index = i;
                        throw new GuestFaultException(FaultKind.IllegalInstruction, Pc, cycles - 1, $"illegal instruction 0x{*(uint*)(mem + Pc):x8}");
                }

                continue;

            taken:
                if (p->Imm < 0)
                {
                    goto badBranch;
                }

                i = p->Imm;
            }

            _index = i;
            _cycles = cycles;
            return false;

        exited:
            _index = i;
            _cycles = cycles;
            Exited = true;
            return true;

        badBranch:
            _index = i;
            throw BadTarget(*(uint*)(mem + Pc), cycles - 1);

        badJalr:
            _index = i;
            throw JumpFault(fault, cycles - 1);

        badLoad:
            _index = i;
            throw new GuestFaultException(FaultKind.LoadOutOfRange, Pc, cycles - 1, $"load from 0x{fault:x8} outside guest memory");

        badStore:
            _index = i;
            throw new GuestFaultException(FaultKind.StoreOutOfRange, Pc, cycles - 1, $"store to 0x{fault:x8} outside guest memory");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Div(uint a, uint b) =>
        b == 0 ? uint.MaxValue : (a == 0x8000_0000u && b == uint.MaxValue) ? a : (uint)((int)a / (int)b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Rem(uint a, uint b) =>
        b == 0 ? a : (a == 0x8000_0000u && b == uint.MaxValue) ? 0u : (uint)((int)a % (int)b);

    private GuestFaultException BadTarget(uint word, long cycle)
    {
        var offset = (word & 0x7F) == 0x6F ? Decoder.JImm(word) : Decoder.BImm(word);
        return JumpFault(Pc + (uint)offset, cycle);
    }

    private GuestFaultException JumpFault(uint target, long cycle) =>
        (target & 3) != 0
            ? new GuestFaultException(FaultKind.MisalignedJump, Pc, cycle, $"jump target 0x{target:x8} is not 4-byte aligned")
            : new GuestFaultException(FaultKind.FetchOutsideCode, Pc, cycle, $"jump target 0x{target:x8} is outside the executable segments");
}
