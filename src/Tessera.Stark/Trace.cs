using Tessera.Field;

namespace Tessera.Stark;

/// <summary>
/// A table's trace: <see cref="Height"/> rows of <see cref="Width"/> base-field cells, row-major.
/// The height is a power of two.
/// </summary>
public sealed class Trace
{
    /// <summary>Wraps row-major <paramref name="values"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The sizes do not match or the height is not a power of two.</exception>
    public Trace(int width, BabyBear[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (values.Length % width != 0 || !int.IsPow2(values.Length / width))
        {
            throw new ArgumentException("A trace holds a power-of-two number of full rows.", nameof(values));
        }

        Width = width;
        Height = values.Length / width;
        Values = values;
    }

    private Trace(int width, int height, BabyBear[] values, int logSpare)
    {
        Width = width;
        Height = height;
        Values = values;
        LogSpare = logSpare;
    }

    /// <summary>
    /// A trace the prover may take over: <see cref="Values"/> is 2^<paramref name="logBlowup"/>
    /// times longer than <see cref="Width"/>·<see cref="Height"/> (the rows past the trace's are
    /// the prover's), and a proof at that blowup extends it in place, so its main LDE needs no
    /// second matrix: 8 bytes a main cell at blowup 2 instead of 12. The proof consumes the trace:
    /// afterwards <see cref="IsConsumed"/> is true and its contents are gone. Contents are
    /// unspecified until written: fill every cell of the first Width·Height.
    /// </summary>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows, a power of two.</param>
    /// <param name="logBlowup">The blowup of the proof it is for (ProofParameters.LogBlowup).</param>
    /// <exception cref="ArgumentException">The height is not a power of two.</exception>
    public static Trace CreateForProving(int width, int height, int logBlowup)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(logBlowup);
        if (!int.IsPow2(height))
        {
            throw new ArgumentException("A trace holds a power-of-two number of full rows.", nameof(height));
        }

        var values = Prover.BufferPool<BabyBear>.Shared.Rent(checked(width * height << logBlowup));
        return new Trace(width, height, values, logBlowup);
    }

    /// <summary>
    /// log2 of the spare room after the trace's cells in <see cref="Values"/> (0 for an ordinary
    /// trace; the blowup for <see cref="CreateForProving"/>).
    /// </summary>
    public int LogSpare { get; }

    /// <summary>True once a proof has taken the trace over (<see cref="CreateForProving"/>): its cells are gone.</summary>
    public bool IsConsumed { get; private set; }

    /// <summary>Marks the trace as taken over by a proof.</summary>
    internal void Consume() => IsConsumed = true;

    /// <summary>A zero trace of the given shape.</summary>
    public Trace(int width, int height)
        : this(width, new BabyBear[checked(width * height)])
    {
    }

    /// <summary>Columns per row.</summary>
    public int Width { get; }

    /// <summary>Number of rows (a power of two).</summary>
    public int Height { get; }

    /// <summary>log2 of <see cref="Height"/>.</summary>
    public int LogHeight => int.Log2(Height);

    /// <summary>The cells, row-major: the first Width·Height elements (longer for <see cref="CreateForProving"/>).</summary>
    public BabyBear[] Values { get; }

    /// <summary>One cell.</summary>
    public BabyBear this[int row, int column]
    {
        get => Values[(row * Width) + column];
        set => Values[(row * Width) + column] = value;
    }

    /// <summary>One row.</summary>
    public Span<BabyBear> Row(int row) => Values.AsSpan(row * Width, Width);

    /// <summary>A deep copy.</summary>
    public Trace Clone() => new(Width, Values.AsSpan(0, Width * Height).ToArray());
}
