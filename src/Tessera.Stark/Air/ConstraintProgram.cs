using Tessera.Field;

namespace Tessera.Stark.Air;

/// <summary>
/// A set of expression roots flattened into a straight-line program: nodes in topological order,
/// equal leaves and shared subexpressions evaluated once. Every evaluator runs this one program.
/// </summary>
internal sealed class ConstraintProgram
{
    private ConstraintProgram(ProgramNode[] nodes, int[] roots)
    {
        Nodes = nodes;
        Roots = roots;
    }

    /// <summary>Nodes in evaluation order.</summary>
    public ProgramNode[] Nodes { get; }

    /// <summary>The same program reading main column <c>map[i]</c> where it read column i (others unchanged).</summary>
    internal ConstraintProgram RemapMain(int[] map) =>
        new([.. Nodes.Select(n => n.Kind == ExprKind.Main ? n with { Index = map[n.Index] } : n)], Roots);

    /// <summary>The main columns the program reads, ascending.</summary>
    internal int[] MainColumns() => [.. Nodes.Where(n => n.Kind == ExprKind.Main).Select(n => n.Index).Distinct().Order()];

    /// <summary>Node index of each root, in the order the roots were given.</summary>
    public int[] Roots { get; }

    /// <summary>Whether any node is extension-valued.</summary>
    public bool HasExtension => Nodes.Any(n => n.IsExt);

    public static ConstraintProgram Compile(IReadOnlyList<Expr> roots)
    {
        var nodes = new List<ProgramNode>();
        var byRef = new Dictionary<Expr, int>(ReferenceEqualityComparer.Instance);
        var byLeaf = new Dictionary<(ExprKind, int, int, uint), int>();
        var rootIds = new int[roots.Count];
        var stack = new Stack<(Expr Expr, bool Expanded)>();

        for (var r = 0; r < roots.Count; r++)
        {
            stack.Push((roots[r], false));
            while (stack.Count > 0)
            {
                var (e, expanded) = stack.Pop();
                if (byRef.ContainsKey(e))
                {
                    continue;
                }

                if (e.Left is null)
                {
                    var key = (e.Kind, e.Index, e.Offset, e.Constant.ToCanonical());
                    if (!byLeaf.TryGetValue(key, out var id))
                    {
                        id = nodes.Count;
                        nodes.Add(new ProgramNode(e.Kind, e.Index, e.Offset, e.Constant, -1, -1, e.IsExtension));
                        byLeaf[key] = id;
                    }

                    byRef[e] = id;
                    continue;
                }

                if (!expanded)
                {
                    stack.Push((e, true));
                    if (e.Right is not null)
                    {
                        stack.Push((e.Right, false));
                    }

                    stack.Push((e.Left, false));
                    continue;
                }

                var a = byRef[e.Left];
                var b = e.Right is null ? -1 : byRef[e.Right];
                byRef[e] = nodes.Count;
                nodes.Add(new ProgramNode(e.Kind, 0, 0, default, a, b, e.IsExtension));
            }

            rootIds[r] = byRef[roots[r]];
        }

        return new ConstraintProgram([.. nodes], rootIds);
    }

    /// <summary>Evaluates every root in the extension field (verifier at ζ, debug checker).</summary>
    public void EvalExt(ExtLeaves leaves, Span<BabyBear4> scratch, Span<BabyBear4> rootValues)
    {
        for (var i = 0; i < Nodes.Length; i++)
        {
            ref readonly var n = ref Nodes[i];
            scratch[i] = n.Kind switch
            {
                ExprKind.Constant => n.Constant,
                ExprKind.Main => (n.Offset == 0 ? leaves.MainLocal : leaves.MainNext)[n.Index],
                ExprKind.Preprocessed => (n.Offset == 0 ? leaves.PreprocessedLocal : leaves.PreprocessedNext)[n.Index],
                ExprKind.Aux => (n.Offset == 0 ? leaves.AuxLocal : leaves.AuxNext)[n.Index],
                ExprKind.Public => leaves.Publics[n.Index],
                ExprKind.Challenge => leaves.Challenges[n.Index],
                ExprKind.SumShare => leaves.SumShare,
                ExprKind.IsFirstRow => leaves.IsFirstRow,
                ExprKind.IsLastRow => leaves.IsLastRow,
                ExprKind.IsTransition => leaves.IsTransition,
                ExprKind.Add => scratch[n.A] + scratch[n.B],
                ExprKind.Sub => scratch[n.A] - scratch[n.B],
                ExprKind.Mul => scratch[n.A] * scratch[n.B],
                ExprKind.Neg => -scratch[n.A],
                _ => throw new InvalidOperationException($"Unknown node kind {n.Kind}."),
            };
        }

        for (var r = 0; r < Roots.Length; r++)
        {
            rootValues[r] = scratch[Roots[r]];
        }
    }

    /// <summary>
    /// Evaluates every root in the base field on one trace row (aux-trace generation). The program
    /// must not contain extension nodes.
    /// </summary>
    public void EvalBase(BaseLeaves leaves, Span<BabyBear> scratch, Span<BabyBear> rootValues)
    {
        for (var i = 0; i < Nodes.Length; i++)
        {
            ref readonly var n = ref Nodes[i];
            scratch[i] = n.Kind switch
            {
                ExprKind.Constant => n.Constant,
                ExprKind.Main => (n.Offset == 0 ? leaves.MainLocal : leaves.MainNext)[n.Index],
                ExprKind.Preprocessed => (n.Offset == 0 ? leaves.PreprocessedLocal : leaves.PreprocessedNext)[n.Index],
                ExprKind.Public => leaves.Publics[n.Index],
                ExprKind.IsFirstRow => leaves.IsFirstRow,
                ExprKind.IsLastRow => leaves.IsLastRow,
                ExprKind.IsTransition => leaves.IsTransition,
                ExprKind.Add => scratch[n.A] + scratch[n.B],
                ExprKind.Sub => scratch[n.A] - scratch[n.B],
                ExprKind.Mul => scratch[n.A] * scratch[n.B],
                ExprKind.Neg => -scratch[n.A],
                _ => throw new InvalidOperationException($"Node kind {n.Kind} has no base-field value."),
            };
        }

        for (var r = 0; r < Roots.Length; r++)
        {
            rootValues[r] = scratch[Roots[r]];
        }
    }

    /// <summary>
    /// Evaluates every node in the base field on <paramref name="rows"/> consecutive trace rows from
    /// <paramref name="firstRow"/>, column-wise: node i's values land in
    /// <c>scratch[i·rows .. (i+1)·rows)</c>, so a root's values are the slice at its node index.
    /// Only the columns the program reads are touched, and the operations run as SIMD span kernels.
    /// The next row wraps to the first. The program must not contain extension nodes.
    /// </summary>
    public void EvalBaseBlock(Trace main, Trace? preprocessed, ReadOnlySpan<BabyBear> publics, int firstRow, int rows,
        Span<BabyBear> scratch)
    {
        var n = main.Height;
        for (var i = 0; i < Nodes.Length; i++)
        {
            ref readonly var node = ref Nodes[i];
            var dst = scratch.Slice(i * rows, rows);
            switch (node.Kind)
            {
                case ExprKind.Constant:
                    dst.Fill(node.Constant);
                    break;
                case ExprKind.Main:
                    Gather(main, node.Index, firstRow + node.Offset, dst);
                    break;
                case ExprKind.Preprocessed:
                    Gather(preprocessed!, node.Index, firstRow + node.Offset, dst);
                    break;
                case ExprKind.Public:
                    dst.Fill(publics[node.Index]);
                    break;
                case ExprKind.IsFirstRow:
                    dst.Clear();
                    if (firstRow == 0)
                    {
                        dst[0] = BabyBear.One;
                    }

                    break;
                case ExprKind.IsLastRow:
                case ExprKind.IsTransition:
                    var last = node.Kind == ExprKind.IsLastRow;
                    dst.Fill(last ? BabyBear.Zero : BabyBear.One);
                    if (firstRow + rows == n)
                    {
                        dst[rows - 1] = last ? BabyBear.One : BabyBear.Zero;
                    }

                    break;
                case ExprKind.Add:
                    BabyBearVector.Add(Node(scratch, node.A, rows), Node(scratch, node.B, rows), dst);
                    break;
                case ExprKind.Sub:
                    BabyBearVector.Sub(Node(scratch, node.A, rows), Node(scratch, node.B, rows), dst);
                    break;
                case ExprKind.Mul:
                    BabyBearVector.Mul(Node(scratch, node.A, rows), Node(scratch, node.B, rows), dst);
                    break;
                case ExprKind.Neg:
                    BabyBearVector.MulScalar(Node(scratch, node.A, rows), -BabyBear.One, dst);
                    break;
                default:
                    throw new InvalidOperationException($"Node kind {node.Kind} has no base-field value.");
            }
        }
    }

    private static ReadOnlySpan<BabyBear> Node(Span<BabyBear> scratch, int node, int rows) => scratch.Slice(node * rows, rows);

    // Column c of rows start, start + 1, … (mod the height) into dst.
    private static void Gather(Trace t, int column, int start, Span<BabyBear> dst)
    {
        var values = t.Values;
        var width = t.Width;
        var mask = t.Height - 1;
        if (start + dst.Length <= t.Height)
        {
            var src = values.AsSpan((start * width) + column);
            for (var k = 0; k < dst.Length; k++)
            {
                dst[k] = src[k * width];
            }

            return;
        }

        for (var k = 0; k < dst.Length; k++)
        {
            dst[k] = values[(((start + k) & mask) * width) + column];
        }
    }
}
