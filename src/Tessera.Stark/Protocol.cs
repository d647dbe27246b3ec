using Tessera.Field;
using Tessera.Hash.Challenger;
using Tessera.Stark.Fri;

namespace Tessera.Stark;

/// <summary>What prover and verifier must compute identically: transcript header, domains, selectors.</summary>
internal static class Protocol
{
    /// <summary>Proof format and protocol version; bumped on any change to either.</summary>
    public const byte Version = 7;

    /// <summary>Trace heights allowed: 2^0 … 2^MaxLogHeight rows.</summary>
    public const int MaxLogHeight = 24;

    public static void ObserveHeader(DuplexChallenger ch, Machine machine, ProofParameters p, int[] logHeights,
        IReadOnlyList<BabyBear[]> publics)
    {
        ch.Observe(BabyBear.FromUInt32(Version));
        ch.Observe(machine.Fingerprint);
        foreach (var v in new[]
        {
            p.LogBlowup, p.NumQueries, p.ProofOfWorkBits, p.LookupProofOfWorkBits, p.DeepProofOfWorkBits, p.BatchingProofOfWorkBits,
            p.LogFoldingArity, p.LogFinalPolyLength,
        })
        {
            ch.Observe(BabyBear.FromUInt32((uint)v));
        }

        foreach (var h in logHeights)
        {
            ch.Observe(BabyBear.FromUInt32((uint)h));
        }

        foreach (var pub in publics)
        {
            ch.Observe(pub);
        }
    }

    /// <summary>The coset shift of every table's LDE, whatever its height: the generator g (31).</summary>
    /// <remarks>
    /// A table's matrices therefore do not depend on the other tables' heights, so preprocessed
    /// commitments are fixed per blowup (a verifying key). FRI's folded layers lie on other cosets
    /// (<see cref="LayerShift"/>); a smaller table's DEEP quotient q enters the layer of its size at
    /// the same bit-reversed index, i.e. at y = c·x with c = g^(2^k − 1) fixed, so the layer receives
    /// the values of q(Y/c), a polynomial of the same degree in Y: low degree is preserved.
    /// </remarks>
    public static BabyBear TraceShift => BabyBear.Generator;

    /// <summary>The coset of FRI's layer of size 2^logLde when the largest has 2^logMax: g^(2^(logMax − logLde)).</summary>
    /// <remarks>FRI folds x ↦ x², so the layer of size 2^logLde lies on exactly this coset.</remarks>
    public static BabyBear LayerShift(int logMax, int logLde) => BabyBear.Generator.Pow(1UL << (logMax - logLde));

    /// <summary>Selectors and the vanishing polynomial of the size-2^logN subgroup at an extension point.</summary>
    public static (BabyBear4 First, BabyBear4 Last, BabyBear4 Transition, BabyBear4 Vanishing) Selectors(BabyBear4 x, int logN)
    {
        var n = BabyBear.FromUInt32(1u << logN);
        var gInv = BabyBear.TwoAdicGenerator(logN).Inverse();
        var zh = x.Pow(1UL << logN) - BabyBear4.One;
        var first = zh * (n * (x - BabyBear.One)).Inverse();
        var last = zh * gInv * (n * (x - gInv)).Inverse();
        return (first, last, x - gInv, zh);
    }

    /// <summary>The basis element X^k of the extension.</summary>
    public static BabyBear4 Basis(int k) => k switch
    {
        0 => BabyBear4.One,
        1 => new BabyBear4(BabyBear.Zero, BabyBear.One, BabyBear.Zero, BabyBear.Zero),
        2 => new BabyBear4(BabyBear.Zero, BabyBear.Zero, BabyBear.One, BabyBear.Zero),
        _ => new BabyBear4(BabyBear.Zero, BabyBear.Zero, BabyBear.Zero, BabyBear.One),
    };

    /// <summary>Σ_k planes[k]·X^k: an extension column's value from its four base-plane values.</summary>
    public static BabyBear4 Recombine(ReadOnlySpan<BabyBear4> planes)
    {
        var acc = BabyBear4.Zero;
        for (var k = 0; k < 4; k++)
        {
            acc += planes[k] * Basis(k);
        }

        return acc;
    }

    /// <summary>LogUp challenges: α, then β, β², … up to the machine's longest tuple.</summary>
    public static BabyBear4[] LogUpChallenges(DuplexChallenger ch, Machine machine)
    {
        var c = new BabyBear4[machine.ChallengeCount];
        if (c.Length == 0)
        {
            return c;
        }

        c[0] = ch.SampleExtension();
        var beta = ch.SampleExtension();
        var acc = BabyBear4.One;
        for (var j = 1; j < c.Length; j++)
        {
            acc *= beta;
            c[j] = acc;
        }

        return c;
    }

    /// <summary>log2 of the FRI layer that is sent as a polynomial: blowup × final length.</summary>
    public static int FinalLayerLog(ProofParameters p) => p.LogBlowup + p.LogFinalPolyLength;

    /// <summary>
    /// log2 of each FRI layer's folding arity, largest layer first. Each layer folds by
    /// 2^<see cref="ProofParameters.LogFoldingArity"/>, less where it would jump past the size of a
    /// table's LDE (<paramref name="inputLogs"/>, whose quotient enters there) or past the final layer:
    /// so a layer boundary falls on every input size and every injection happens between layers.
    /// </summary>
    public static int[] FoldSchedule(ProofParameters p, int logMaxLde, IEnumerable<int> inputLogs)
    {
        var stops = inputLogs.Append(FinalLayerLog(p)).Distinct().Order().ToArray();
        var schedule = new List<int>();
        var log = logMaxLde;
        while (log > stops[0])
        {
            var next = stops.Last(s => s < log);
            var step = Math.Min(p.LogFoldingArity, log - next);
            schedule.Add(step);
            log -= step;
        }

        return [.. schedule];
    }
}
