using Tessera.Stark.Air;

namespace Tessera.Stark;

/// <summary>
/// A set of tables proved together. Buses are numbered by the ordinal order of their names, so
/// prover and verifier derive the same numbering from the same tables.
/// </summary>
public sealed class Machine
{
    /// <summary>Compiles every table's AIR once.</summary>
    /// <exception cref="ArgumentException">No tables, or two tables share a name.</exception>
    public Machine(params IAir[] airs)
    {
        ArgumentNullException.ThrowIfNull(airs);
        if (airs.Length == 0)
        {
            throw new ArgumentException("A machine has at least one table.", nameof(airs));
        }

        if (airs.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != airs.Length)
        {
            throw new ArgumentException("Table names must be unique within a machine.", nameof(airs));
        }

        var buses = new SortedSet<string>(StringComparer.Ordinal);
        var maxTuple = 0;
        foreach (var air in airs)
        {
            var b = new AirBuilder(air.Name, air.Width, air.PreprocessedWidth, air.PublicValueCount);
            air.Eval(b);
            foreach (var it in b.Interactions)
            {
                buses.Add(it.Bus);
                maxTuple = Math.Max(maxTuple, it.Tuple.Count);
            }
        }

        Buses = [.. buses];
        var ids = Buses.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i + 1, StringComparer.Ordinal);
        Tables = [.. airs.Select(a => new CompiledAir(a, name => ids[name]))];
        ChallengeCount = buses.Count == 0 ? 0 : 1 + maxTuple;
    }

    /// <summary>The compiled tables, in the order given.</summary>
    public IReadOnlyList<CompiledAir> Tables { get; }

    /// <summary>Bus names in numbering order (bus i has id i + 1).</summary>
    public IReadOnlyList<string> Buses { get; }

    /// <summary>Extension challenges the LogUp stage draws: α, then β, β², … (0 without buses).</summary>
    public int ChallengeCount { get; }
}
