using System.Runtime.CompilerServices;

using Tessera.Hash;
using Tessera.Hash.Merkle;
using Tessera.Stark.Fri;
using Tessera.Stark.Pcs;

namespace Tessera.Stark.Proofs;

/// <summary>
/// The canonical binary form of a <see cref="StarkProof"/> (version <see cref="Version"/>).
/// </summary>
/// <remarks>
/// <para>Layout, little-endian, every field element a canonical u32: version (u8); log_blowup (u8),
/// queries (u16), grinding bits before the queries, the LogUp challenges, ζ and DEEP's batching
/// challenge (u8 each), log arity (u8), log final length (u8); one log height per table
/// (u8); main root, aux root (only when some table has buses), quotient root (8 elements each); the
/// cumulative sum of each table with buses; per table its openings (preprocessed, main, aux at ζ
/// and ζ·g, quotient at ζ; extension elements); the FRI layer roots; the final polynomial; the
/// proof-of-work witnesses (LogUp, ζ, batching, queries); then for each committed round and then each FRI layer, one
/// <see cref="MerkleBatchOpening"/> (its own canonical encoding) opening all queries at once.</para>
/// <para>The machine and the header fix every size but the batches', which depend on the query
/// indices the verifier learns only from the transcript: the fixed part is computed exactly and
/// the batches' worst case bounds the total before anything is allocated; each batch's counts are
/// capped by the number of queries and checked against the bytes left. The verifier then rejects any
/// batch whose shape differs from the one its sampled indices imply, so a proof that verifies has
/// exactly one encoding; a short, long or altered input fails with
/// <see cref="VerificationFailedException"/>.</para>
/// </remarks>
public static class ProofCodec
{
    /// <summary>Format version written and accepted.</summary>
    public const byte Version = Protocol.Version;

    /// <summary>Inputs longer than this are refused before parsing.</summary>
    public const int MaxProofBytes = 32 << 20;

    /// <summary>Encodes a proof.</summary>
    public static byte[] Encode(StarkProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var w = new ProofWriter();
        var p = proof.Parameters;
        w.U8(Version);
        w.U8(p.LogBlowup);
        w.U16(p.NumQueries);
        w.U8(p.ProofOfWorkBits);
        w.U8(p.LookupProofOfWorkBits);
        w.U8(p.DeepProofOfWorkBits);
        w.U8(p.BatchingProofOfWorkBits);
        w.U8(p.LogFoldingArity);
        w.U8(p.LogFinalPolyLength);
        foreach (var h in proof.LogHeights)
        {
            w.U8(h);
        }

        w.Digest(proof.MainRoot);
        if (proof.AuxRoot is { } aux)
        {
            w.Digest(aux);
        }

        w.Digest(proof.QuotientRoot);
        w.Exts(proof.CumulativeSums);
        foreach (var o in proof.Openings)
        {
            foreach (var g in new[] { o.PreprocessedLocal, o.PreprocessedNext, o.MainLocal, o.MainNext, o.AuxLocal, o.AuxNext, o.Quotient })
            {
                w.Exts(g);
            }
        }

        foreach (var d in proof.FriRoots)
        {
            w.Digest(d);
        }

        w.Exts(proof.FinalPolynomial);
        w.Base(proof.LookupPowWitness);
        w.Base(proof.DeepPowWitness);
        w.Base(proof.BatchingPowWitness);
        w.Base(proof.PowWitness);
        foreach (var batch in proof.InputOpenings.Concat(proof.FriOpenings))
        {
            w.Bytes(batch.ToBytes());
        }

        return w.ToArray();
    }

    /// <summary>Decodes a proof for <paramref name="machine"/>.</summary>
    /// <exception cref="VerificationFailedException">The bytes are not exactly one canonical proof for this machine.</exception>
    public static StarkProof Decode(Machine machine, ReadOnlySpan<byte> bytes) => DecodeCore(machine, null, bytes);

    /// <summary>
    /// Decodes a proof for <paramref name="machine"/> made with exactly <paramref name="accepted"/>:
    /// a header naming any other parameters is refused before anything else is read.
    /// </summary>
    /// <exception cref="VerificationFailedException">The bytes are not exactly one canonical proof for this machine and these parameters.</exception>
    public static StarkProof Decode(Machine machine, ProofParameters accepted, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return DecodeCore(machine, accepted, bytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static StarkProof DecodeCore(Machine machine, ProofParameters? accepted, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (bytes.Length > MaxProofBytes)
        {
            throw new VerificationFailedException($"Proof is larger than {MaxProofBytes} bytes.");
        }

        var r = new ProofReader(bytes);
        if (r.U8() != Version)
        {
            throw new VerificationFailedException("Unknown proof version.");
        }

        var p = new ProofParameters
        {
            LogBlowup = r.U8(),
            NumQueries = r.U16(),
            ProofOfWorkBits = r.U8(),
            LookupProofOfWorkBits = r.U8(),
            DeepProofOfWorkBits = r.U8(),
            BatchingProofOfWorkBits = r.U8(),
            LogFoldingArity = r.U8(),
            LogFinalPolyLength = r.U8(),
        };
        if (accepted is not null && p != accepted)
        {
            throw new VerificationFailedException($"The proof's parameters {p} are not the verifier's {accepted}.");
        }

        try
        {
            p.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new VerificationFailedException($"Invalid parameters: {e.Message}");
        }

        var tables = machine.Tables;
        var logH = new int[tables.Count];
        for (var t = 0; t < logH.Length; t++)
        {
            logH[t] = r.U8();
            Require(logH[t] >= p.LogFinalPolyLength && logH[t] <= Protocol.MaxLogHeight, "table height out of range");
        }

        var b = p.LogBlowup;
        var logMax = logH.Max() + b;
        var schedule = Protocol.FoldSchedule(p, logMax, logH.Select(h => h + b));
        var foldRounds = schedule.Length;
        var rounds = RoundLayout.Present(machine);
        var roundTables = rounds.Select(rd => RoundLayout.Tables(machine, rd)).ToArray();
        var withAux = tables.Count(t => t.AuxWidth > 0);

        // Exact size from the header alone, so nothing is allocated for data that is not there.
        long expected = 0;
        const int D = 32, E = 16, F = 4;
        expected += 10 + tables.Count + (D * (2 + (withAux > 0 ? 1 : 0))) + (E * withAux);
        foreach (var t in tables)
        {
            expected += E * ((2L * t.Air.PreprocessedWidth) + (2L * t.Air.Width) + (8L * t.AuxWidth) + (4L * t.QuotientChunks));
        }

        expected += (D * (long)foldRounds) + (E * (1L << p.LogFinalPolyLength)) + (4 * F);
        long batches = 0;
        long q = p.NumQueries;
        for (var i = 0; i < rounds.Length; i++)
        {
            var depth = roundTables[i].Max(t => logH[t] + b);
            batches += 8 + (D * q * depth) + roundTables[i].Sum(t => 8 + (F * q * RoundLayout.Width(tables[t], rounds[i])));
        }

        var layerLog = logMax;
        foreach (var s in schedule)
        {
            batches += 8 + (D * q * (layerLog - s)) + 8 + (E * q << s);
            layerLog -= s;
        }

        Require(bytes.Length >= expected && bytes.Length <= expected + batches,
            $"proof has {bytes.Length} bytes; its header implies {expected} to {expected + batches}");

        var mainRoot = r.Digest();
        Digest? auxRoot = withAux > 0 ? r.Digest() : null;
        var quotientRoot = r.Digest();
        var sums = r.Exts(withAux);
        var openings = new TableOpenings[tables.Count];
        for (var t = 0; t < tables.Count; t++)
        {
            var tb = tables[t];
            openings[t] = new TableOpenings
            {
                PreprocessedLocal = r.Exts(tb.Air.PreprocessedWidth),
                PreprocessedNext = r.Exts(tb.Air.PreprocessedWidth),
                MainLocal = r.Exts(tb.Air.Width),
                MainNext = r.Exts(tb.Air.Width),
                AuxLocal = r.Exts(4 * tb.AuxWidth),
                AuxNext = r.Exts(4 * tb.AuxWidth),
                Quotient = r.Exts(4 * tb.QuotientChunks),
            };
        }

        var friRoots = r.Digests(foldRounds);
        var finalPoly = r.Exts(1 << p.LogFinalPolyLength);
        var lookupPow = r.Base();
        var deepPow = r.Base();
        var batchingPow = r.Base();
        var pow = r.Base();
        var inputOpenings = new MerkleBatchOpening[rounds.Length];
        for (var i = 0; i < rounds.Length; i++)
        {
            inputOpenings[i] = r.Batch(p.NumQueries);
        }

        var friOpenings = new MerkleBatchOpening[foldRounds];
        for (var k = 0; k < foldRounds; k++)
        {
            friOpenings[k] = r.Batch(p.NumQueries);
        }

        Require(r.Remaining == 0, "trailing bytes");
        return new StarkProof
        {
            Parameters = p,
            LogHeights = logH,
            MainRoot = mainRoot,
            AuxRoot = auxRoot,
            QuotientRoot = quotientRoot,
            CumulativeSums = sums,
            Openings = openings,
            FriRoots = friRoots,
            FinalPolynomial = finalPoly,
            PowWitness = pow,
            LookupPowWitness = lookupPow,
            DeepPowWitness = deepPow,
            BatchingPowWitness = batchingPow,
            InputOpenings = inputOpenings,
            FriOpenings = friOpenings,
        };
    }

    private static void Require(bool condition, string reason)
    {
        if (!condition)
        {
            throw new VerificationFailedException($"Malformed proof: {reason}.");
        }
    }
}
