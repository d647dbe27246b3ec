using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Challenger;
using Tessera.Hash.Merkle;
using Tessera.Stark.Pcs;

namespace Tessera.Stark.Fri;

/// <summary>
/// FRI's commit phase over the reduced DEEP quotients: layer 0 is the quotient of the largest
/// domain, committed one coset of 2^s values per Merkle leaf (s from <see cref="Protocol.FoldSchedule"/>);
/// each layer is folded s times by two with β, β², β⁴, … (an arity-2^s fold with β), then
/// β^(2^s)·(the quotient of tables of the new size) is added; the last layer is sent as the
/// coefficients of its polynomial. Then proof of work.
/// </summary>
internal sealed class FriProver
{
    private readonly List<MerkleTree> _trees = [];

    private FriProver()
    {
    }

    public Digest[] Roots => [.. _trees.Select(t => t.Root)];

    public BabyBear4[] FinalPolynomial { get; private set; } = [];

    public BabyBear PowWitness { get; private set; }

    // reduced: per log LDE size, the summed DEEP quotients of tables of that size, bit-reversed.
    // buffers: the proof's pooled arrays; the layers, their fold points and Merkle digests are rented
    // there (they live until the queries are opened), so a proof leaves no layer-sized garbage.
    public static FriProver Prove(DuplexChallenger ch, ProofParameters p, int logMax, IReadOnlyDictionary<int, BabyBear4[]> reduced,
        Prover.ProverBuffers buffers)
    {
        var fri = new FriProver();
        var schedule = Protocol.FoldSchedule(p, logMax, reduced.Keys);
        var f = reduced[logMax];
        var logSize = logMax;
        foreach (var s in schedule)
        {
            // Bit-reversed order makes each coset x·⟨ω_(2^s)⟩ contiguous: one row of 2^s values.
            // The tree keeps f's rows: f is not written again (each fold makes a new layer).
            var values = new Prover.CastMemory<BabyBear4, BabyBear>(f).Memory;
            var tree = MerkleTree.Commit(buffers.DigestAllocator, new MatrixView(values, 4 << s));
            fri._trees.Add(tree);
            ch.Observe(tree.Root);
            var beta = ch.SampleExtension();
            for (var i = 0; i < s; i++)
            {
                f = FoldLayer(f, beta, Protocol.LayerShift(logMax, logSize), logSize, buffers);
                beta *= beta;
                logSize--;
            }

            if (reduced.TryGetValue(logSize, out var inject))
            {
                for (var j = 0; j < f.Length; j++)
                {
                    f[j] += beta * inject[j];
                }
            }
        }

        // The last layer, back in natural order, interpolated on its coset.
        var natural = (BabyBear4[])f.Clone();
        BitReverse.Permute<BabyBear4>(natural);
        var finalShift = Protocol.LayerShift(logMax, logSize);
        var coeffs = new BabyBear[4][];
        for (var c = 0; c < 4; c++)
        {
            coeffs[c] = Pcs.Coset.Interpolate([.. natural.Select(v => v[c])], finalShift);
        }

        fri.FinalPolynomial = [.. Enumerable.Range(0, 1 << p.LogFinalPolyLength)
            .Select(i => new BabyBear4(coeffs[0][i], coeffs[1][i], coeffs[2][i], coeffs[3][i]))];
        foreach (var c in fri.FinalPolynomial)
        {
            ch.Observe(c);
        }

        fri.PowWitness = Prover.GrindingClock.Grind(ch, p.ProofOfWorkBits);
        return fri;
    }

    /// <summary>
    /// Opens every layer at the queries' positions <paramref name="positions"/> (bit-reversed, in the
    /// largest domain): one batch per layer of the cosets holding them.
    /// </summary>
    public MerkleBatchOpening[] Open(int logMax, ReadOnlySpan<int> positions)
    {
        var openings = new MerkleBatchOpening[_trees.Count];
        var cosets = new int[positions.Length];
        for (var k = 0; k < _trees.Count; k++)
        {
            var shift = logMax - _trees[k].Depth;
            for (var q = 0; q < positions.Length; q++)
            {
                cosets[q] = positions[q] >> shift;
            }

            openings[k] = _trees[k].OpenBatch(cosets);
        }

        return openings;
    }

    /// <summary>One arity-2 fold of a bit-reversed layer of 2^logSize points on shift·⟨ω⟩.</summary>
    private static BabyBear4[] FoldLayer(BabyBear4[] f, BabyBear4 beta, BabyBear shift, int logSize, Prover.ProverBuffers buffers)
    {
        var half = f.Length / 2;
        var next = buffers.Extension(half);
        var xInv = PairPointInverses(shift, logSize, buffers);
        Parallel.For(0, (half + 4095) / 4096, blk =>
        {
            var end = Math.Min(half, (blk + 1) * 4096);
            for (var j = blk * 4096; j < end; j++)
            {
                next[j] = FriFold.Fold(f[2 * j], f[(2 * j) + 1], beta, xInv[j]);
            }
        });

        return next;
    }

    private static BabyBear[] PairPointInverses(BabyBear shift, int logSize, Prover.ProverBuffers buffers)
    {
        var half = 1 << (logSize - 1);
        var omegaInv = BabyBear.TwoAdicGenerator(logSize).Inverse();
        var natural = buffers.Field(half);
        var x = shift.Inverse();
        for (var i = 0; i < half; i++)
        {
            natural[i] = x;
            x *= omegaInv;
        }

        // Pair row j holds natural index reverse(j) over logSize − 1 bits.
        BitReverse.Permute<BabyBear>(natural);
        return natural;
    }
}
