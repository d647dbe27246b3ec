using Tessera.Field;

namespace Tessera.Stark.Debugging;

/// <summary>Over all tables, some tuple's sends and receives on a bus do not cancel.</summary>
public sealed class BusImbalanceException : TraceCheckException
{
    /// <summary>Creates the exception for one unbalanced tuple.</summary>
    public BusImbalanceException(string bus, IReadOnlyList<BabyBear> tuple, BabyBear net, string table, int row)
        : this(bus, tuple, net, table, row, new Dictionary<string, int> { [bus] = 1 })
    {
    }

    /// <summary>Creates the exception for the first unbalanced tuple, with the count of unbalanced tuples on every bus.</summary>
    public BusImbalanceException(string bus, IReadOnlyList<BabyBear> tuple, BabyBear net, string table, int row,
        IReadOnlyDictionary<string, int> imbalancedBuses)
        : base($"Bus '{bus}': tuple ({string.Join(", ", tuple)}) has net multiplicity {net} " +
            $"(first seen in table '{table}', row {row}). Unbalanced tuples: " +
            string.Join(", ", (imbalancedBuses ?? throw new ArgumentNullException(nameof(imbalancedBuses)))
                .OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"'{kv.Key}' {kv.Value}")) + ".")
    {
        ImbalancedBuses = imbalancedBuses;
        Bus = bus;
        Tuple = tuple;
        NetMultiplicity = net;
        Table = table;
        Row = row;
    }

    /// <summary>The bus.</summary>
    public string Bus { get; }

    /// <summary>The unbalanced tuple.</summary>
    public IReadOnlyList<BabyBear> Tuple { get; }

    /// <summary>Sends minus receives of the tuple, in the field.</summary>
    public BabyBear NetMultiplicity { get; }

    /// <summary>A table where the tuple occurs.</summary>
    public string Table { get; }

    /// <summary>The first row of that table where it occurs.</summary>
    public int Row { get; }

    /// <summary>Every bus with an unbalanced tuple, and how many: a forged cell usually unbalances several.</summary>
    public IReadOnlyDictionary<string, int> ImbalancedBuses { get; }
}
