using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Challenger;
using Tessera.Hash.Merkle;
using Tessera.Stark.Pcs;

namespace Tessera.Stark.Fri;

/// <summary>
/// FRI's commit phase over the reduced DEEP quotients: layer 0 is the quotient of the largest
/// domain; each fold halves the domain and adds β²·(the quotient of tables of that size); the last
/// layer is sent as the coefficients of its polynomial. Then proof of work.
/// </summary>
internal sealed class FriProver
{
    private readonly List<BabyBear4[]> _layers = [];
    private readonly List<MerkleTree> _trees = [];

    private FriProver()
    {
    }

    public Digest[] Roots => [.. _trees.Select(t => t.Root)];

    public BabyBear4[] FinalPolynomial { get; private set; } = [];

    public BabyBear PowWitness { get; private set; }

    // reduced: per log LDE size, the summed DEEP quotients of tables of that size, bit-reversed.
    public static FriProver Prove(DuplexChallenger ch, FriParameters p, int logMax, IReadOnlyDictionary<int, BabyBear4[]> reduced)
    {
        var fri = new FriProver();
        var rounds = Protocol.FoldRounds(p, logMax);
        var f = reduced[logMax];
        for (var k = 0; k < rounds; k++)
        {
            var logSize = logMax - k;
            var values = new BabyBear[f.Length * 4];
            for (var i = 0; i < f.Length; i++)
            {
                for (var c = 0; c < 4; c++)
                {
                    values[(4 * i) + c] = f[i][c];
                }
            }

            var tree = MerkleTree.Commit(new MatrixView(values, 8));
            fri._layers.Add(f);
            fri._trees.Add(tree);
            ch.Observe(tree.Root);
            var beta = ch.SampleExtension();

            var shift = Protocol.Shift(logMax, logSize);
            var half = f.Length / 2;
            var next = new BabyBear4[half];
            var xInv = PairPointInverses(shift, logSize);
            reduced.TryGetValue(logSize - 1, out var inject);
            var beta2 = beta * beta;
            for (var j = 0; j < half; j++)
            {
                next[j] = FriFold.Fold(f[2 * j], f[(2 * j) + 1], beta, xInv[j]);
                if (inject is not null)
                {
                    next[j] += beta2 * inject[j];
                }
            }

            f = next;
        }

        // The last layer, back in natural order, interpolated on its coset.
        var logFinal = logMax - rounds;
        var natural = (BabyBear4[])f.Clone();
        BitReverse.Permute<BabyBear4>(natural);
        var finalShift = Protocol.Shift(logMax, logFinal);
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

        fri._layers.Add(f);
        fri.PowWitness = ch.Grind(p.ProofOfWorkBits);
        return fri;
    }

    /// <summary>For query position r (bit-reversed, largest domain): each layer's sibling value and row path.</summary>
    public (BabyBear4[] Siblings, Digest[][] Paths) Open(int r)
    {
        var siblings = new BabyBear4[_trees.Count];
        var paths = new Digest[_trees.Count][];
        for (var k = 0; k < _trees.Count; k++)
        {
            var pos = r >> k;
            siblings[k] = _layers[k][pos ^ 1];
            paths[k] = _trees[k].Open(pos >> 1).Siblings.ToArray();
        }

        return (siblings, paths);
    }

    private static BabyBear[] PairPointInverses(BabyBear shift, int logSize)
    {
        var half = 1 << (logSize - 1);
        var omegaInv = BabyBear.TwoAdicGenerator(logSize).Inverse();
        var natural = new BabyBear[half];
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
