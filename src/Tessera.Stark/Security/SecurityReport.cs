using Tessera.Field;
using Tessera.Stark.Fri;

namespace Tessera.Stark.Security;

/// <summary>Which proximity-gap analysis a bound rests on.</summary>
public enum ProximityRegime
{
    /// <summary>Unique decoding (UDR): δ = (1 − ρ)/2, list size 1 (BCHKS25 Thm. 1.3 / Cor. 1.4).</summary>
    UniqueDecoding,

    /// <summary>Up to the Johnson bound (JBR): δ = 1 − √ρ − η (BCHKS25 Thm. 4.2).</summary>
    Johnson,
}

/// <summary>The proven bits of one regime: every component's ⌊−log2 error⌋ and their minimum.</summary>
/// <param name="Regime">The regime.</param>
/// <param name="Components">Component name → bits, in soundcalc's order (batching, commit rounds, query phase, ALI, DEEP, lookups).</param>
public sealed record RegimeBits(ProximityRegime Regime, IReadOnlyList<KeyValuePair<string, int>> Components)
{
    /// <summary>The weakest component: the regime's proven bits.</summary>
    public int Total => Components.Min(c => c.Value);

    /// <summary>One component's bits.</summary>
    public int this[string component] => Components.First(c => c.Key == component).Value;
}

/// <summary>
/// Proven soundness as ethereum/soundcalc computes it for a DEEP-ALI + FRI STARK (its
/// <c>pcs/fri.py</c>, <c>circuits/deep_ali.py</c>, <c>proxgaps/</c> and <c>lookups/logup.py</c>):
/// batching, each commit (folding) round, the query phase, ALI, DEEP and every lookup, in the
/// unique-decoding and Johnson regimes. A pure function of <see cref="SoundnessModel"/>;
/// <see cref="For(Machine, ProofParameters, IReadOnlyList{int})"/> maps a Tessera proof onto it.
/// </summary>
/// <remarks>
/// soundcalc dropped the conjectured regime after eprint 2025/2010 and 2025/2046; the ethSTARK
/// figure is kept only as <see cref="Conjectured"/>, for comparison. See
/// docs/decisions/0004-proven-security.md for how a multi-table proof is mapped.
/// </remarks>
public sealed record SecurityReport
{
    /// <summary>log2 |BabyBear⁴| ≈ 123.6.</summary>
    public static double ExtensionFieldBits { get; } = 4 * Math.Log2(BabyBear.Modulus);

    /// <summary>Collision resistance of an 8-element Poseidon2 digest (birthday bound on 8·log2 p bits): ≈ 123.6 bits.</summary>
    public static double HashBits { get; } = 8 * Math.Log2(BabyBear.Modulus) / 2;

    /// <summary>The model evaluated.</summary>
    public required SoundnessModel Model { get; init; }

    /// <summary>Unique-decoding bits.</summary>
    public required RegimeBits UniqueDecoding { get; init; }

    /// <summary>Johnson-regime bits.</summary>
    public required RegimeBits Johnson { get; init; }

    /// <summary>The better of the two regimes' totals (soundcalc's "security").</summary>
    public int ProvenBits => Math.Max(UniqueDecoding.Total, Johnson.Total);

    /// <summary>Evaluates soundcalc's formulas for <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">The model violates the multi-point condition k + m &lt; (1 − θ)·n.</exception>
    public static SecurityReport Evaluate(SoundnessModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new SecurityReport
        {
            Model = model,
            UniqueDecoding = Regime(model, ProximityRegime.UniqueDecoding),
            Johnson = Regime(model, ProximityRegime.Johnson),
        };
    }

    /// <summary>
    /// The report for a Tessera proof of <paramref name="machine"/> with tables of 2^<paramref name="logHeights"/>
    /// rows (the heights a proof names): the FRI of the largest LDE, the DEEP batch of every
    /// table's claims under one challenge, each table's DEEP and ALI terms, and one LogUp argument
    /// over every bus.
    /// </summary>
    public static SecurityReport For(Machine machine, ProofParameters parameters, IReadOnlyList<int> logHeights) =>
        Evaluate(ModelOf(machine, parameters, logHeights));

    /// <summary>
    /// The weakest report over every height a proof may name: each table without preprocessed
    /// columns at 2^<paramref name="logMaxHeight"/> rows (every term grows with the heights),
    /// preprocessed tables at their fixed height.
    /// </summary>
    public static SecurityReport WorstCase(Machine machine, ProofParameters parameters, int logMaxHeight = Protocol.MaxLogHeight)
    {
        ArgumentNullException.ThrowIfNull(machine);
        return For(machine, parameters, [.. machine.Tables.Select(t =>
            t.Air.PreprocessedWidth > 0 ? int.Log2(t.Air.Preprocessed()!.Height) : logMaxHeight)]);
    }

    /// <summary>Builds the soundcalc model of a Tessera proof (see <see cref="For(Machine, ProofParameters, IReadOnlyList{int})"/>).</summary>
    public static SoundnessModel ModelOf(Machine machine, ProofParameters parameters, IReadOnlyList<int> logHeights)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(logHeights);
        parameters.Validate();
        var tables = machine.Tables;
        if (logHeights.Count != tables.Count)
        {
            throw new ArgumentException($"{tables.Count} heights expected, not {logHeights.Count}.", nameof(logHeights));
        }

        var b = parameters.LogBlowup;
        var logMax = logHeights.Max();
        var ldeLogs = logHeights.Select(h => h + b).ToArray();
        var schedule = Protocol.FoldSchedule(parameters, logMax + b, ldeLogs);
        var factors = new int[schedule.Length];
        var functions = new int[schedule.Length];
        var log = logMax + b;
        for (var i = 0; i < schedule.Length; i++)
        {
            log -= schedule[i];
            factors[i] = 1 << schedule[i];
            functions[i] = factors[i] + (ldeLogs.Contains(log) ? 1 : 0);
        }

        // Claims under DEEP's one batching challenge: base columns at ζ and ζ·g, extension columns
        // (aux) as four base planes at both, quotient chunks as four planes at ζ.
        var batch = tables.Sum(t => (2 * t.Air.PreprocessedWidth) + (2 * t.Air.Width) + (8 * t.AuxWidth) + (4 * t.QuotientChunks));
        var fractions = 0.0;
        var arity = 0;
        for (var t = 0; t < tables.Count; t++)
        {
            fractions += tables[t].Interactions.Count * Math.Pow(2, logHeights[t]);
            arity = Math.Max(arity, tables[t].Interactions.Select(i => i.Tuple.Count).DefaultIfEmpty(0).Max());
        }

        return new SoundnessModel
        {
            FieldModulus = BabyBear.Modulus,
            ExtensionDegree = 4,
            LogInverseRate = b,
            LogTraceLength = logMax,
            BatchSize = batch,
            Queries = parameters.NumQueries,
            FoldingFactors = factors,
            FunctionsPerRound = functions,
            QueryGrindingBits = parameters.ProofOfWorkBits,
            BatchingGrindingBits = parameters.BatchingProofOfWorkBits,
            DeepGrindingBits = parameters.DeepProofOfWorkBits,
            OpeningPoints = 2,
            Tables = [.. tables.Select((t, i) => new TableTerms(logHeights[i], t.MaxDegree, t.Constraints.Count))],

            // One argument over all buses: the fold bus + Σ β^(j+1)·t_j has degree arity + 1 in β.
            Lookups = fractions == 0 ? [] : [new LookupTerms("logup", fractions, arity + 1, 1, parameters.LookupProofOfWorkBits)],
        };
    }

    /// <summary>The ethSTARK conjectured bits, min(log_blowup·queries + pow, ⌊log2|F⁴|⌋) − 1: no longer a security claim.</summary>
    public static int Conjectured(ProofParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var query = (p.LogBlowup * p.NumQueries) + p.ProofOfWorkBits;
        var capped = Math.Min(query, (int)Math.Floor(ExtensionFieldBits)) - 1;
        return Math.Min(capped, (int)Math.Floor(HashBits));
    }

    /// <summary>Bits one query contributes under unique decoding: −log2((1 + ρ)/2).</summary>
    public static double UniqueDecodingBitsPerQuery(int logBlowup) => -Math.Log2((1 + Math.Pow(2, -logBlowup)) / 2);

    /// <summary>⌊−log2 error⌋, soundcalc's <c>get_bits_of_security_from_error</c>.</summary>
    public static int Bits(double error) => (int)Math.Floor(-Math.Log2(error));

    private static RegimeBits Regime(SoundnessModel m, ProximityRegime regime)
    {
        var rho = Math.Pow(2, -m.LogInverseRate);
        var f = m.ExtensionFieldSize;
        var h = Math.Pow(2, m.LogTraceLength);
        var gap = JohnsonGap(m, rho, f);
        var theta = regime == ProximityRegime.UniqueDecoding ? (1 - rho) / 2 : 1 - Math.Sqrt(rho) - gap;
        var listSize = regime == ProximityRegime.UniqueDecoding ? 1 : 1 / (2 * gap * Math.Sqrt(rho));

        double Linear(double dimension)
        {
            var n = dimension / rho;
            if (regime == ProximityRegime.UniqueDecoding)
            {
                return ((theta * n) + 1) / f;
            }

            var sqrtRho = Math.Sqrt(rho);
            var mult = Math.Max(Math.Ceiling(sqrtRho / (2 * gap)), 3) + 0.5;
            var first = ((2 * Math.Pow(mult, 5)) + (3 * mult * theta * rho)) * n / (3 * rho * sqrtRho);
            return (first + (mult / sqrtRho)) / f;
        }

        double Powers(double dimension, int functions) => Linear(dimension) * (functions - 1);

        var parts = new List<KeyValuePair<string, int>>();
        void Add(string name, double error) => parts.Add(new(name, Bits(error)));

        Add("batching", (m.PowerBatching ? Powers(h, m.BatchSize) : Linear(h)) * Math.Pow(2, -m.BatchingGrindingBits));
        var acc = 1.0;
        for (var i = 0; i < m.FoldingFactors.Count; i++)
        {
            acc *= m.FoldingFactors[i];
            var functions = m.FunctionsPerRound?[i] ?? m.FoldingFactors[i];
            Add($"commit round {i + 1}", Powers(h / acc, functions) * Math.Pow(2, -m.CommitGrindingBits));
        }

        Add("query phase", Math.Pow(1 - theta, m.Queries) * Math.Pow(2, -m.QueryGrindingBits));

        // Theorem 8 of eprint 2022/1216 (regime independent but for the list size), one union bound over the tables.
        var ali = 0.0;
        var deep = 0.0;
        foreach (var t in m.Tables)
        {
            var ht = Math.Pow(2, t.LogHeight);
            var dt = ht / rho;
            if (ht + m.OpeningPoints >= (1 - theta) * dt)
            {
                throw new ArgumentException($"Multi-point condition k + m < (1 − θ)·n fails for a table of 2^{t.LogHeight} rows.", nameof(m));
            }

            ali += listSize * t.Constraints / f;
            deep += listSize * ((t.MaxDegree * (ht + m.OpeningPoints - 1)) + (ht - 1)) / (f - ht - dt);
        }

        Add("ALI", ali);
        Add("DEEP", deep * Math.Pow(2, -m.DeepGrindingBits));
        foreach (var l in m.Lookups)
        {
            Add(l.Name, l.Lookups * l.Rows * l.Columns / f * Math.Pow(2, -l.GrindingBits));
        }

        return new RegimeBits(regime, parts);
    }

    // soundcalc's default gap: √ρ/100 for fields above 2^150, else max(ρ/20, √ρ/100).
    private static double JohnsonGap(SoundnessModel m, double rho, double f) =>
        m.GapToRadius ?? (f > Math.Pow(2, 150) ? Math.Sqrt(rho) / 100 : Math.Max(rho / 20, Math.Sqrt(rho) / 100));
}
