using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>
/// A node of the symbolic constraint DAG an AIR builds in <see cref="IAir.Eval"/>. AIRs combine
/// nodes with + − * and constants; the engine turns the resulting roots into the prover's packed
/// evaluation, the verifier's evaluation at the out-of-domain point and the debug checker.
/// </summary>
/// <remarks>Nodes are immutable and shared: reusing a node reuses its value in every evaluator.</remarks>
public sealed class Expr
{
    private Expr(ExprKind kind, int index, int offset, BabyBear constant, Expr? left, Expr? right, bool isExt, int degree)
    {
        Kind = kind;
        Index = index;
        Offset = offset;
        Constant = constant;
        Left = left;
        Right = right;
        IsExtension = isExt;
        Degree = degree;
    }

    /// <summary>What the node is.</summary>
    public ExprKind Kind { get; }

    /// <summary>Column, public value or challenge index, for leaves that have one.</summary>
    public int Index { get; }

    /// <summary>Row offset of a column leaf: 0 for this row, 1 for the next row.</summary>
    public int Offset { get; }

    /// <summary>Value of a <see cref="ExprKind.Constant"/> node.</summary>
    public BabyBear Constant { get; }

    /// <summary>First operand of an operation node.</summary>
    public Expr? Left { get; }

    /// <summary>Second operand of a binary operation node.</summary>
    public Expr? Right { get; }

    /// <summary>Whether the node's value lies in the extension field rather than the base field.</summary>
    public bool IsExtension { get; }

    /// <summary>
    /// Symbolic degree in units of the trace length: trace cells and the first/last-row selectors
    /// count 1, constants, public values, challenges and the transition selector (a degree-1
    /// polynomial) count 0.
    /// </summary>
    public int Degree { get; }

    /// <summary>The constant zero.</summary>
    public static Expr Zero { get; } = Const(BabyBear.Zero);

    /// <summary>The constant one.</summary>
    public static Expr One { get; } = Const(BabyBear.One);

    /// <summary>A base-field constant node.</summary>
    public static Expr Const(BabyBear value) => new(ExprKind.Constant, 0, 0, value, null, null, false, 0);

    /// <summary>A constant from a (possibly negative) integer, reduced mod p.</summary>
    public static Expr Const(long value) =>
        Const(value >= 0 ? BabyBear.FromUInt64((ulong)value) : -BabyBear.FromUInt64((ulong)(-value)));

    internal static Expr Leaf(ExprKind kind, int index, int offset, bool isExt, int degree) =>
        new(kind, index, offset, BabyBear.Zero, null, null, isExt, degree);

    /// <summary>Integer constants convert implicitly, so AIRs can write <c>x * (x - 1)</c>.</summary>
    public static implicit operator Expr(int value) => Const(value);

    /// <summary>Field constants convert implicitly.</summary>
    public static implicit operator Expr(BabyBear value) => Const(value);

    /// <summary>Sum.</summary>
    public static Expr operator +(Expr a, Expr b) =>
        new(ExprKind.Add, 0, 0, default, a, b, a.IsExtension || b.IsExtension, Math.Max(a.Degree, b.Degree));

    /// <summary>Difference.</summary>
    public static Expr operator -(Expr a, Expr b) =>
        new(ExprKind.Sub, 0, 0, default, a, b, a.IsExtension || b.IsExtension, Math.Max(a.Degree, b.Degree));

    /// <summary>Product.</summary>
    public static Expr operator *(Expr a, Expr b) =>
        new(ExprKind.Mul, 0, 0, default, a, b, a.IsExtension || b.IsExtension, a.Degree + b.Degree);

    /// <summary>Negation.</summary>
    public static Expr operator -(Expr a) => new(ExprKind.Neg, 0, 0, default, a, null, a.IsExtension, a.Degree);

    /// <summary>Sum of several expressions (zero when empty).</summary>
    public static Expr Sum(IEnumerable<Expr> terms)
    {
        Expr? acc = null;
        foreach (var t in terms)
        {
            acc = acc is null ? t : acc + t;
        }

        return acc ?? Zero;
    }

    /// <summary>Product of several expressions (one when empty).</summary>
    public static Expr Product(IEnumerable<Expr> factors)
    {
        Expr? acc = null;
        foreach (var f in factors)
        {
            acc = acc is null ? f : acc * f;
        }

        return acc ?? One;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ExprKind.Constant => Constant.ToString(),
        ExprKind.Main => Offset == 0 ? $"main[{Index}]" : $"main'[{Index}]",
        ExprKind.Preprocessed => Offset == 0 ? $"pre[{Index}]" : $"pre'[{Index}]",
        ExprKind.Aux => Offset == 0 ? $"aux[{Index}]" : $"aux'[{Index}]",
        ExprKind.Public => $"pub[{Index}]",
        ExprKind.Challenge => $"ch[{Index}]",
        ExprKind.SumShare => "sum/n",
        ExprKind.IsFirstRow => "first",
        ExprKind.IsLastRow => "last",
        ExprKind.IsTransition => "transition",
        ExprKind.Add => $"({Left} + {Right})",
        ExprKind.Sub => $"({Left} - {Right})",
        ExprKind.Mul => $"{Left}·{Right}",
        ExprKind.Neg => $"-{Left}",
        _ => Kind.ToString(),
    };
}
