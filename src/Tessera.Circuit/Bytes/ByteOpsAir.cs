using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit;

/// <summary>
/// The byte table every rv32im table looks up for byte ranges and bitwise byte operations: one row
/// per byte pair (a, b), 2¹⁶ rows, row = a·256 + b. Preprocessed columns hold a, b and the results
/// of <see cref="ByteOp"/>; main column <c>(int)op</c> holds how often op was looked up on the row's
/// pair. The table receives (op, a, b, result) on <see cref="BusName"/> for each op with that weight,
/// so a consumer proves "result = op(a, b) and a, b are bytes" by sending the same tuple.
/// </summary>
/// <remarks>
/// Every constraint is a bus interaction of degree 1; there are no transition constraints. A tuple
/// whose operands are not bytes, or whose result is wrong, matches no row and cannot balance.
/// </remarks>
public sealed class ByteOpsAir : IAir
{
    /// <summary>The bus the table receives (op, a, b, result) tuples on.</summary>
    public const string BusName = "byte";

    /// <summary>Number of rows: every pair of bytes.</summary>
    public const int Height = 1 << 16;

    /// <summary>Preprocessed column of the first byte a.</summary>
    public const int AColumn = 0;

    /// <summary>Preprocessed column of the second byte b.</summary>
    public const int BColumn = 1;

    /// <summary>Preprocessed column of a AND b.</summary>
    public const int AndColumn = 2;

    /// <summary>Preprocessed column of a OR b.</summary>
    public const int OrColumn = 3;

    /// <summary>Preprocessed column of a XOR b.</summary>
    public const int XorColumn = 4;

    /// <summary>Preprocessed column of a &lt; b (0 or 1).</summary>
    public const int LtColumn = 5;

    private const int PreprocessedColumns = 6;

    private static readonly ByteOp[] Ops = Enum.GetValues<ByteOp>();

    private static readonly Lazy<Trace> Fixed = new(BuildPreprocessed);

    /// <summary>Creates the table under <paramref name="name"/>.</summary>
    public ByteOpsAir(string name = "bytes")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Number of main columns: one multiplicity per <see cref="ByteOp"/>.</summary>
    public static int ColumnCount => Ops.Length;

    /// <inheritdoc />
    public int Width => ColumnCount;

    /// <inheritdoc />
    public int PreprocessedWidth => PreprocessedColumns;

    /// <summary>The row of the pair (<paramref name="a"/>, <paramref name="b"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An operand is above 255.</exception>
    public static int Row(uint a, uint b)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(a, 255u);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(b, 255u);
        return (int)((a << 8) | b);
    }

    /// <summary>The main column holding the multiplicity of <paramref name="op"/>.</summary>
    public static int MultiplicityColumn(ByteOp op) => CheckOp(op);

    /// <summary>
    /// The result element of the tuple (op, a, b, result) the table accepts: the bitwise result, 1 or
    /// 0 for <see cref="ByteOp.Lt"/>, 0 for <see cref="ByteOp.Range"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An operand is above 255, or the op is not a <see cref="ByteOp"/>.</exception>
    public static uint Result(ByteOp op, uint a, uint b)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(a, 255u);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(b, 255u);
        return op switch
        {
            ByteOp.Range => 0,
            ByteOp.And => a & b,
            ByteOp.Or => a | b,
            ByteOp.Xor => a ^ b,
            ByteOp.Lt => a < b ? 1u : 0u,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a byte operation."),
        };
    }

    /// <summary>The tuple (op, a, b, result) a consumer sends on <see cref="BusName"/> for <paramref name="lookup"/>.</summary>
    public static BabyBear[] Tuple(ByteLookup lookup) =>
    [
        BabyBear.FromUInt32((uint)lookup.Op),
        BabyBear.FromUInt32(lookup.A),
        BabyBear.FromUInt32(lookup.B),
        BabyBear.FromUInt32(lookup.Result),
    ];

    /// <inheritdoc />
    /// <remarks>A fresh copy each call, so a caller cannot alter the shared table.</remarks>
    public Trace Preprocessed() => Fixed.Value.Clone();

    /// <inheritdoc />
    public void Eval(AirBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var a = builder.Preprocessed(AColumn);
        var b = builder.Preprocessed(BColumn);
        foreach (var op in Ops)
        {
            var result = op switch
            {
                ByteOp.Range => Expr.Zero,
                ByteOp.And => builder.Preprocessed(AndColumn),
                ByteOp.Or => builder.Preprocessed(OrColumn),
                ByteOp.Xor => builder.Preprocessed(XorColumn),
                _ => builder.Preprocessed(LtColumn),
            };
            builder.Receive(BusName, builder.Main(MultiplicityColumn(op)), Expr.Const((int)op), a, b, result);
        }
    }

    /// <summary>The table's witness: each op's multiplicity on each pair, counted from <paramref name="lookups"/>.</summary>
    /// <param name="lookups">Every lookup the other tables send; repeats count.</param>
    public static TableWitness Witness(IEnumerable<ByteLookup> lookups)
    {
        ArgumentNullException.ThrowIfNull(lookups);
        var width = ColumnCount;
        var counts = new long[Height * width];
        foreach (var l in lookups)
        {
            counts[(Row(l.A, l.B) * width) + MultiplicityColumn(l.Op)]++;
        }

        var t = new Trace(width, Height);
        var values = t.Values;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] != 0)
            {
                values[i] = BabyBear.FromUInt64((ulong)counts[i]);
            }
        }

        return new TableWitness(t);
    }

    private static Trace BuildPreprocessed()
    {
        var t = new Trace(PreprocessedColumns, Height);
        for (uint a = 0; a < 256; a++)
        {
            for (uint b = 0; b < 256; b++)
            {
                var row = t.Row(Row(a, b));
                row[AColumn] = BabyBear.FromUInt32(a);
                row[BColumn] = BabyBear.FromUInt32(b);
                row[AndColumn] = BabyBear.FromUInt32(Result(ByteOp.And, a, b));
                row[OrColumn] = BabyBear.FromUInt32(Result(ByteOp.Or, a, b));
                row[XorColumn] = BabyBear.FromUInt32(Result(ByteOp.Xor, a, b));
                row[LtColumn] = BabyBear.FromUInt32(Result(ByteOp.Lt, a, b));
            }
        }

        return t;
    }

    private static int CheckOp(ByteOp op) =>
        Enum.IsDefined(op) ? (int)op : throw new ArgumentOutOfRangeException(nameof(op), op, "Not a byte operation.");
}
