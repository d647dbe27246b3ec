using Tessera.Circuit.Execution;
using Tessera.Circuit.Instructions;
using Tessera.Circuit.Lookups;
using Tessera.Circuit.Paging;
using Tessera.Circuit.Program;
using Tessera.Circuit.Segment;
using Tessera.Circuit.Syscalls;
using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Verifier;
using Tessera.Vm;
using Tessera.Vm.Elf;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;

namespace Tessera.Circuit;

/// <summary>
/// The rv32im circuit of one program: its tables (docs/circuit.md) as one machine, a segment's
/// witness from its record alone, and proving and verifying a segment's claim.
/// </summary>
public sealed class Rv32imCircuit
{
    private readonly ProgramImage _image;
    private readonly ProgramAir _program;
    private readonly InstructionAir[] _families;
    private readonly EcallAir _ecall = new();
    private readonly IoAir _io = new();

    private Rv32imCircuit(ProgramImage image, PageLayout layout)
    {
        _image = image;
        Layout = layout;
        _program = new ProgramAir(image);
        _families = [.. Families(image)];
        Machine = new Machine([_program, new SegmentAir(), .. _families, _ecall, _io, .. PagingTables.Airs(layout), new ByteOpsAir(), new Poseidon2Air()]);
    }

    /// <summary>The tables as one machine (fixed per program and page layout).</summary>
    public Machine Machine { get; }

    /// <summary>The page layout the memory commitment uses.</summary>
    public PageLayout Layout { get; }

    /// <summary>The circuit of <paramref name="program"/>.</summary>
    public static Rv32imCircuit For(ElfProgram program, PageLayout? layout = null) =>
        new(ProgramImage.From(program), layout ?? PageLayout.Default);

    /// <summary>
    /// The circuit of the code <paramref name="words"/> at <paramref name="codeBase"/> (what a receipt
    /// carries): the same circuit as <see cref="For(ElfProgram, PageLayout?)"/> of an ELF with that code.
    /// </summary>
    /// <exception cref="ArgumentException">The code base is not 4-aligned, there is no code, or it runs past 2^32.</exception>
    public static Rv32imCircuit ForCode(uint codeBase, ReadOnlySpan<uint> words, PageLayout? layout = null)
    {
        if (words.IsEmpty || codeBase + (4UL * (ulong)words.Length) > 1UL << 32)
        {
            throw new ArgumentException("The code is empty or runs past the end of the address space.", nameof(words));
        }

        return new(new ProgramImage(codeBase, words.ToArray()), layout ?? PageLayout.Default);
    }

    /// <summary>The first address of the code the program table holds.</summary>
    public uint CodeBase => _image.CodeBase;

    /// <summary>The code words the program table holds, from <see cref="CodeBase"/> on.</summary>
    public ReadOnlySpan<uint> Code => _image.Words;

    /// <summary>The instruction tables, one per family.</summary>
    private static IEnumerable<InstructionAir> Families(ProgramImage image)
    {
        yield return new AluAir();
        yield return new ShiftAir();
        yield return new MulAir();
        yield return new DivRemAir();
        yield return new BranchAir();
        yield return new JumpAir();
        yield return new LoadStoreAir(image.CodeEnd);
    }

    /// <summary>Proves the segment of <paramref name="record"/>.</summary>
    /// <param name="record">The segment.</param>
    /// <param name="parameters">The proof parameters (<see cref="ProofParameters.Default"/> when null).</param>
    /// <param name="debugCheck">Check every constraint and bus before proving (slow; for tests).</param>
    /// <param name="context">
    /// What the proof is bound to besides its claim (a network assignment: task, nonce, prover), zero
    /// when null; the verifier must pass the same.
    /// </param>
    /// <exception cref="InvalidSegmentException">The record is not a segment of this program, does not hold together, or leaves the proven model.</exception>
    /// <exception cref="UnsupportedPo2Exception">The record's po2 is outside 13..24.</exception>
    public (SegmentClaim Claim, StarkProof Proof) Prove(SegmentRecord record, ProofParameters? parameters = null, bool debugCheck = false, Digest? context = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        UnsupportedPo2Exception.ThrowIfUnsupported(record.Po2);
        if (record.PageShift != Layout.PageShift)
        {
            throw new InvalidSegmentException($"segment {record.Index} uses 2^{record.PageShift}-byte pages, the circuit 2^{Layout.PageShift}");
        }

        // The traces are the proof's to extend in place (8 bytes a main cell at blowup 2, not 12);
        // the debug check reads them before the proof takes them over.
        var p = parameters ?? ProofParameters.Default;
        var (claim, witnesses) = Witness(record, checkPost: true, context ?? Digest.Zero, new TraceAllocation(p.LogBlowup));
        var proof = StarkProver.Prove(Machine, witnesses, p, debugCheck);
        return (claim, proof);
    }

    /// <summary>
    /// Verifies that <paramref name="proof"/> proves <paramref name="claim"/> for this program, at
    /// <paramref name="accepted"/> (the verifier's parameters, <see cref="ProofParameters.Default"/> when
    /// null); a proof at any other parameters is refused before any work. <paramref name="context"/> is
    /// the one the proof was made for (zero when null).
    /// </summary>
    /// <exception cref="VerificationFailedException">It does not; the reason says why.</exception>
    public void Verify(SegmentClaim claim, StarkProof proof, int po2, ProofParameters? accepted = null, Digest? context = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(proof);
        if (claim.Cycles == 0 || claim.Cycles > 1u << po2)
        {
            throw new VerificationFailedException($"the claim runs {claim.Cycles} cycles, a 2^{po2}-cycle segment at most");
        }

        // One row per instruction: a segment of 2^po2 cycles fills no instruction table past 2^po2 rows.
        if (proof.LogHeights is { } heights && heights.Length == Machine.Tables.Count)
        {
            for (var t = 0; t < heights.Length; t++)
            {
                if (Machine.Tables[t].Air is InstructionAir or EcallAir && heights[t] > Math.Max(po2, int.Log2(InstructionAir.MinimumHeight)))
                {
                    throw new VerificationFailedException($"table '{Machine.Tables[t].Name}' has 2^{heights[t]} rows, more than a 2^{po2}-cycle segment executes");
                }
            }
        }

        var publics = Machine.Tables.Select(t => new BabyBear[t.Air.PublicValueCount]).ToArray();
        publics[1] = Publics(claim, context ?? Digest.Zero);
        StarkVerifier.Verify(Machine, publics, proof, accepted);
    }

    /// <summary>The ECALL table (for tests that corrupt its witness).</summary>
    internal EcallAir Ecall => _ecall;

    /// <summary>The I/O table (for tests that corrupt its witness).</summary>
    internal IoAir Io => _io;

    /// <summary>The witness of every table for <paramref name="record"/>, and the claim it proves.</summary>
    /// <summary>
    /// The segment's real paging cost: the distinct Poseidon2 permutations its paging tables look up
    /// (every touched page's contents before and after, the Merkle nodes on their paths before and
    /// after, the registers and pc in and out; an input hashed twice is one row), the rows that
    /// <see cref="Vm.Segments.PagingCost"/> charges the executor's cycle budget for.
    /// </summary>
    internal PagingRows PagingRows(SegmentRecord record)
    {
        var trace = SegmentTrace.Replay(record, _image, checked((int)record.UserCycles), checkPost: true);
        var permutations = new Permutations();
        var tables = PagingTables.Witness(trace.Boundary, new ByteCounts(), permutations);
        return new PagingRows(permutations.Count, record.Pages.Length * (1 << record.PageShift) / PageColumns.Bytes,
            CountReal(tables[1], MerkleColumns.Real));

        static int CountReal(TableWitness w, int column)
        {
            var n = 0;
            for (var r = 0; r < w.Main.Height; r++)
            {
                n += w.Main[r, column].IsZero ? 0 : 1;
            }

            return n;
        }
    }

    internal (SegmentClaim Claim, List<TableWitness> Witnesses) Witness(SegmentRecord record) => Witness(record, checkPost: true, Digest.Zero);

    /// <summary>
    /// As <see cref="Witness(SegmentRecord)"/>; with <paramref name="checkPost"/> false the replay does not
    /// compare its end with the record's post-state, nor do the paging tables check the boundary against it
    /// (tests: the claim is then what the replay reached).
    /// </summary>
    internal (SegmentClaim Claim, List<TableWitness> Witnesses) Witness(SegmentRecord record, bool checkPost, Digest context = default, TraceAllocation allocation = default)
    {
        var trace = SegmentTrace.Replay(record, _image, checked((int)record.UserCycles), checkPost);
        var bytes = new ByteCounts();
        var permutations = new Permutations();
        var claim = new SegmentClaim(record.Pre.Pc, record.Pre.Digest, trace.PostPc, trace.PostDigest, trace.Exited, trace.ExitCode,
            record.JournalBefore, JournalHasher.Absorb(record.JournalBefore, trace.Journal), (uint)trace.Journal.Length, (uint)trace.Steps.Length);
        var publics = Publics(claim, context);

        var executions = new int[_image.Words.Length];
        var byFamily = _families.ToDictionary(f => f, _ => new List<int>());
        var familyOf = new Dictionary<Opcode, InstructionAir>();
        foreach (var f in _families)
        {
            foreach (var op in f.Ops)
            {
                familyOf[op] = f;
            }
        }

        for (var clk = 0; clk < trace.Steps.Length; clk++)
        {
            var op = trace.Steps[clk].Ins.Op;
            executions[_program.Row(trace.Steps[clk].Pc)]++;
            if (op == Opcode.Ecall)
            {
                continue;
            }

            if (!familyOf.TryGetValue(op, out var family))
            {
                throw new InvalidSegmentException($"segment {record.Index}: no table proves {op} yet");
            }

            byFamily[family].Add(clk);
        }

        var familyWitnesses = new TableWitness[_families.Length];
        Parallel.For(0, _families.Length, i => familyWitnesses[i] = _families[i].Witness(trace, byFamily[_families[i]], bytes, allocation));
        var witnesses = new List<TableWitness> { _program.Witness(executions, allocation), SegmentAir.Witness(publics, bytes, allocation) };
        witnesses.AddRange(familyWitnesses);
        witnesses.Add(_ecall.Witness(trace, bytes, allocation));
        witnesses.Add(_io.Witness(trace, record.JournalBefore, bytes, permutations, allocation));
        witnesses.AddRange(checkPost ? PagingTables.Witness(trace.Boundary, bytes, permutations, allocation) : PagingTables.Build(trace.Boundary, bytes, permutations, allocation));
        witnesses.Add(bytes.Witness(allocation));
        witnesses.Add(permutations.Witness(InstructionAir.MinimumHeight, allocation));
        return (claim, witnesses);
    }

    private static BabyBear[] Publics(SegmentClaim c, Digest context)
    {
        var p = new BabyBear[SegmentAir.Count];
        p[SegmentAir.PrePc] = BabyBear.FromCanonical(c.PrePc);
        p[SegmentAir.PostPc] = BabyBear.FromCanonical(c.PostPc);
        Put(p, SegmentAir.PreDigest, c.PreDigest);
        Put(p, SegmentAir.PostDigest, c.PostDigest);
        p[SegmentAir.Exited] = c.Exited ? BabyBear.One : BabyBear.Zero;
        for (var i = 0; i < 4; i++)
        {
            p[SegmentAir.ExitCode + i] = BabyBear.FromCanonical((c.ExitCode >> (8 * i)) & 0xFF);
        }

        p[SegmentAir.Cycles] = BabyBear.FromCanonical(c.Cycles);
        Put(p, SegmentAir.JournalBefore, c.JournalBefore);
        Put(p, SegmentAir.JournalAfter, c.JournalAfter);
        p[SegmentAir.JournalBytes] = BabyBear.FromCanonical(c.JournalBytes);
        Put(p, SegmentAir.Context, context);
        return p;
    }

    private static void Put(BabyBear[] p, int at, Digest d)
    {
        for (var i = 0; i < Digest.Length; i++)
        {
            p[at + i] = d[i];
        }
    }
}
