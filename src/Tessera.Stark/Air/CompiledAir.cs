using Tessera.Stark.Lookup;

namespace Tessera.Stark.Air;

/// <summary>
/// A table's AIR after its one symbolic run: the named constraints (the AIR's own, then the
/// engine's LogUp constraints), its bus interactions, degrees and compiled programs.
/// </summary>
public sealed class CompiledAir
{
    // builder: the record of the AIR's one Eval run (the machine runs it to number the buses).
    internal CompiledAir(IAir air, AirBuilder builder, Func<string, int> busId)
    {
        Air = air;
        _preprocessed = new Lazy<Trace?>(air.Preprocessed, LazyThreadSafetyMode.ExecutionAndPublication);
        AirConstraintCount = builder.Constraints.Count;
        Interactions = builder.Interactions;
        BusIds = [.. Interactions.Select(i => busId(i.Bus))];

        var airDegree = builder.Constraints.Count == 0 ? 1 : builder.Constraints.Max(c => c.Degree);
        var constraints = new List<Constraint>(builder.Constraints);
        LogUpGroups = [];
        if (Interactions.Count > 0)
        {
            LogUpGroups = LogUp.Group(Interactions, Math.Max(3, airDegree));
            foreach (var (name, expr) in LogUp.Constraints(Interactions, LogUpGroups, BusIds))
            {
                constraints.Add(new Constraint(constraints.Count, name, expr));
            }
        }

        Constraints = constraints;
        MaxDegree = Math.Max(1, constraints.Count == 0 ? 1 : constraints.Max(c => c.Degree));
        AirProgram = ConstraintProgram.Compile([.. builder.Constraints.Select(c => c.Expr)]);
        Program = ConstraintProgram.Compile([.. constraints.Select(c => c.Expr)]);
        InteractionProgram = ConstraintProgram.Compile(
            [.. Interactions.SelectMany(i => new[] { i.Multiplicity }.Concat(i.Tuple))]);
    }

    /// <summary>The AIR.</summary>
    public IAir Air { get; }

    /// <summary>
    /// The AIR's preprocessed columns, asked of it once (an AIR may build or copy them at each
    /// call); null when it has none. Engine code reads this, never <see cref="IAir.Preprocessed"/>,
    /// and never writes to it.
    /// </summary>
    internal Trace? Preprocessed => _preprocessed.Value;

    private readonly Lazy<Trace?> _preprocessed;

    /// <summary>The table name.</summary>
    public string Name => Air.Name;

    /// <summary>All constraints: the AIR's first (<see cref="AirConstraintCount"/>), then LogUp's.</summary>
    public IReadOnlyList<Constraint> Constraints { get; }

    /// <summary>How many of <see cref="Constraints"/> the AIR declared itself.</summary>
    public int AirConstraintCount { get; }

    /// <summary>The table's bus interactions.</summary>
    public IReadOnlyList<Interaction> Interactions { get; }

    /// <summary>Highest symbolic degree over all constraints (at least 1).</summary>
    public int MaxDegree { get; }

    /// <summary>
    /// Number of degree-&lt;n chunks the quotient is split into: max(1, <see cref="MaxDegree"/> − 1).
    /// </summary>
    public int QuotientChunks => Math.Max(1, MaxDegree - 1);

    /// <summary>log2 of the quotient-domain size over the trace length: ⌈log2 <see cref="QuotientChunks"/>⌉.</summary>
    public int LogQuotientFactor => int.Log2((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)QuotientChunks));

    /// <summary>Number of extension-field aux columns: one per LogUp group, the last being the running sum (0 when the table has no interactions).</summary>
    public int AuxWidth => Interactions.Count == 0 ? 0 : LogUpGroups.Length;

    internal int[] BusIds { get; }

    internal LogUpGroup[] LogUpGroups { get; }

    internal ConstraintProgram AirProgram { get; }

    internal ConstraintProgram Program { get; }

    /// <summary>The prover's packed form of <see cref="Program"/>, compiled on first use.</summary>
    internal PackedProgram PackedProgram => _packed ??= PackedProgram.Compile(Program);

    private PackedProgram? _packed;

    // The quotient's per-worker windows, kept between proofs (each holds ~width × 272 cells of scratch).
    private readonly System.Collections.Concurrent.ConcurrentBag<QuotientWindow> _windows = [];

    /// <summary>A quotient window of this shape from earlier proofs, or a new one.</summary>
    internal QuotientWindow RentWindow(int capacity, int nextShift, int auxPlanes)
    {
        while (_windows.TryTake(out var w))
        {
            if (w.Capacity == capacity && w.NextShift == nextShift && w.Aux.Length == auxPlanes * w.Stride)
            {
                return w;
            }
        }

        return new QuotientWindow(capacity, nextShift, Air.Width, Air.PreprocessedWidth, auxPlanes);
    }

    /// <summary>Keeps a window for the next proof.</summary>
    internal void ReturnWindow(QuotientWindow window) => _windows.Add(window);

    /// <summary>Roots: for each interaction its multiplicity, then its tuple.</summary>
    internal ConstraintProgram InteractionProgram { get; }
}
