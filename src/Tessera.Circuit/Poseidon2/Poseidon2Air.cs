using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;
using Tessera.Stark.Air;

namespace Tessera.Circuit;

/// <summary>
/// The width-16 Poseidon2 permutation (<see cref="Poseidon2.Permute"/>) as a table: one permutation
/// per row, every constraint of degree 3. Each row also sends (input, output), 32 elements, on the
/// bus <see cref="BusName"/> with the weight in <see cref="MultiplicityColumn"/>, so that other
/// tables can look permutations up by receiving the same tuple.
/// </summary>
/// <remarks>
/// Columns, in order: the 16 input elements; per first-half full round 16 cubes (x + c)³ and the 16
/// elements of the state after the round; per partial round the cube of element 0 and its S-box
/// output (x + c)⁷; the second-half full rounds as the first; the multiplicity. A round's S-box input
/// is always a linear form in committed cells (the previous committed state through a linear layer),
/// so (x + c)³ and (x + c)·cube² are both degree 3. The last full round's state is the output.
/// </remarks>
public sealed class Poseidon2Air : IAir
{
    /// <summary>The bus the table sends (input, output) tuples on.</summary>
    public const string BusName = "poseidon2";

    /// <summary>State size of the permutation the table proves.</summary>
    public const int StateWidth = Poseidon2.Width16;

    private static readonly Poseidon2Constants Constants = Poseidon2Constants.Width16;
    private static readonly int HalfFull = Constants.HalfFullRounds;
    private static readonly int Partial = Constants.PartialRounds;

    // A full round commits 16 cubes and 16 post-round elements.
    private const int FullRoundWidth = 2 * StateWidth;

    private static readonly int PartialBase = StateWidth + (HalfFull * FullRoundWidth);
    private static readonly int FinalBase = PartialBase + (2 * Partial);

    /// <summary>Creates the table under <paramref name="name"/>.</summary>
    public Poseidon2Air(string name = "poseidon2")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Number of main columns: 16 + 8·32 + 13·2 + 1 = 299.</summary>
    public static int ColumnCount { get; } = FinalBase + (HalfFull * FullRoundWidth) + 1;

    /// <inheritdoc />
    public int Width => ColumnCount;

    /// <summary>The column holding the weight of the row's (input, output) send on <see cref="BusName"/>.</summary>
    public static int MultiplicityColumn => ColumnCount - 1;

    /// <summary>The column of input element <paramref name="i"/> (0 ≤ i &lt; 16).</summary>
    public static int InputColumn(int i) => CheckElement(i);

    /// <summary>The column of output element <paramref name="i"/> (0 ≤ i &lt; 16).</summary>
    public static int OutputColumn(int i) => FullPostColumn((2 * HalfFull) - 1, CheckElement(i));

    /// <summary>Full round <paramref name="round"/> (0..7 over both halves): cube of element <paramref name="i"/>.</summary>
    internal static int FullCubeColumn(int round, int i) => FullBase(round) + i;

    /// <summary>Full round <paramref name="round"/> (0..7 over both halves): element <paramref name="i"/> after the round.</summary>
    internal static int FullPostColumn(int round, int i) => FullBase(round) + StateWidth + i;

    /// <summary>Partial round <paramref name="round"/>: the cube of element 0.</summary>
    internal static int PartialCubeColumn(int round) => PartialBase + (2 * round);

    /// <summary>Partial round <paramref name="round"/>: the S-box output of element 0.</summary>
    internal static int PartialOutputColumn(int round) => PartialBase + (2 * round) + 1;

    private static int FullBase(int round) =>
        round < HalfFull ? StateWidth + (round * FullRoundWidth) : FinalBase + ((round - HalfFull) * FullRoundWidth);

    private static int CheckElement(int i)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, StateWidth);
        return i;
    }

    /// <inheritdoc />
    public void Eval(AirBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var state = new Expr[StateWidth];
        for (var i = 0; i < StateWidth; i++)
        {
            state[i] = builder.Main(InputColumn(i));
        }

        ExternalLinear(state);
        for (var r = 0; r < HalfFull; r++)
        {
            FullRound(builder, state, r, Constants.ExternalInitial.Slice(r * StateWidth, StateWidth));
        }

        var internalConstants = Constants.Internal;
        for (var r = 0; r < Partial; r++)
        {
            var x = state[0] + internalConstants[r];
            var cube = builder.Main(PartialCubeColumn(r));
            var output = builder.Main(PartialOutputColumn(r));
            builder.AssertEqual($"partial {r}: cube", cube, x * x * x);
            builder.AssertEqual($"partial {r}: x^7", output, x * cube * cube);
            state[0] = output;
            InternalLinear(state);
        }

        for (var r = 0; r < HalfFull; r++)
        {
            FullRound(builder, state, HalfFull + r, Constants.ExternalFinal.Slice(r * StateWidth, StateWidth));
        }

        var tuple = new Expr[2 * StateWidth];
        for (var i = 0; i < StateWidth; i++)
        {
            tuple[i] = builder.Main(InputColumn(i));
            tuple[StateWidth + i] = builder.Main(OutputColumn(i));
        }

        builder.Send(BusName, builder.Main(MultiplicityColumn), tuple);
    }

    /// <summary>
    /// Constrains one full round whose input is <paramref name="state"/> (linear in committed cells)
    /// and leaves <paramref name="state"/> as the round's committed output.
    /// </summary>
    private static void FullRound(AirBuilder builder, Expr[] state, int round, ReadOnlySpan<BabyBear> constants)
    {
        var sbox = new Expr[StateWidth];
        for (var i = 0; i < StateWidth; i++)
        {
            var x = state[i] + constants[i];
            var cube = builder.Main(FullCubeColumn(round, i));
            builder.AssertEqual($"full {round}: cube {i}", cube, x * x * x);
            sbox[i] = x * cube * cube;
        }

        ExternalLinear(sbox);
        for (var i = 0; i < StateWidth; i++)
        {
            var post = builder.Main(FullPostColumn(round, i));
            builder.AssertEqual($"full {round}: state {i}", post, sbox[i]);
            state[i] = post;
        }
    }

    /// <summary>M_E in place: M4 = circ(2, 3, 1, 1) per block of four, then the column sums of the blocks added back.</summary>
    private static void ExternalLinear(Expr[] s)
    {
        for (var b = 0; b < StateWidth; b += 4)
        {
            Expr x0 = s[b], x1 = s[b + 1], x2 = s[b + 2], x3 = s[b + 3];
            Expr x01 = x0 + x1, x23 = x2 + x3, sum = x01 + x23;
            s[b] = sum + x01 + x1;
            s[b + 1] = sum + x1 + x2 + x2;
            s[b + 2] = sum + x23 + x3;
            s[b + 3] = sum + x3 + x0 + x0;
        }

        for (var k = 0; k < 4; k++)
        {
            var column = s[k];
            for (var b = 4; b < StateWidth; b += 4)
            {
                column += s[b + k];
            }

            for (var b = 0; b < StateWidth; b += 4)
            {
                s[b + k] += column;
            }
        }
    }

    /// <summary>M_I in place: s ← diag(D)·s + (Σ s)·1.</summary>
    private static void InternalLinear(Expr[] s)
    {
        var sum = Expr.Sum(s);
        var diagonal = Constants.Diagonal;
        for (var i = 0; i < StateWidth; i++)
        {
            s[i] = (Expr.Const(diagonal[i]) * s[i]) + sum;
        }
    }

    /// <summary>
    /// The table's witness for <paramref name="inputs"/> (one 16-element state per row), padded to a
    /// power-of-two height with permutations of the zero state of weight 0.
    /// </summary>
    /// <param name="inputs">The states to permute, one per row.</param>
    /// <param name="multiplicities">Each row's weight on <see cref="BusName"/>; all 0 when null.</param>
    /// <exception cref="ArgumentException">An input is not 16 elements, or the multiplicities do not match the inputs.</exception>
    public static TableWitness Witness(IReadOnlyList<BabyBear[]> inputs, IReadOnlyList<BabyBear>? multiplicities = null) =>
        new(Poseidon2Trace.Build(inputs, multiplicities));
}
