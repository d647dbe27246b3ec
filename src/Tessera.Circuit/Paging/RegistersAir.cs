using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Air;
using Tessera.Vm.Memory;

namespace Tessera.Circuit.Paging;

/// <summary>
/// The registers table's columns. Row c (0..7) holds the four 32-bit slots 4c + 1 .. 4c + 4: the
/// registers x1..x31 and, in the last row's last slot, the pc, exactly the order
/// <see cref="StateHasher.HashRegisters"/> absorbs them in, one sponge chunk per row. x0 has columns of
/// its own.
/// </summary>
internal static class RegisterColumns
{
    /// <summary>Rows: the register file and pc are 64 limbs, 8 chunks of 8.</summary>
    public const int Height = 8;

    /// <summary>Slots per row.</summary>
    public const int Slots = 4;

    /// <summary>Preprocessed: the register number of the row's slot 0 (4c + 1).</summary>
    public const int BasePre = 0;

    /// <summary>Preprocessed: 1 on row 0.</summary>
    public const int FirstPre = 1;

    /// <summary>Preprocessed: 1 on row 7 (whose slot 3 is the pc and which closes the state).</summary>
    public const int LastPre = 2;

    /// <summary>Number of preprocessed columns.</summary>
    public const int PreprocessedWidth = 3;

    private static readonly ColumnAllocator Columns = new();

    /// <summary>The slots' bytes before the segment (range-checked here).</summary>
    public static readonly ColumnRange Initial = Columns.Many(4 * Slots);

    /// <summary>The slots' bytes after the segment (registers: from the memory bus; pc: range-checked here).</summary>
    public static readonly ColumnRange Final = Columns.Many(4 * Slots);

    /// <summary>Timestamp of each register's last access (0 if none).</summary>
    public static readonly ColumnRange FinalTs = Columns.Many(Slots);

    /// <summary>x0's initial bytes (row 0): constrained to zero.</summary>
    public static readonly ColumnRange ZeroInitial = Columns.Many(4);

    /// <summary>x0's final bytes (row 0).</summary>
    public static readonly ColumnRange ZeroFinal = Columns.Many(4);

    /// <summary>x0's final timestamp (row 0).</summary>
    public static readonly int ZeroTs = Columns.One();

    /// <summary>Capacity of the pre-state register sponge before this row's chunk.</summary>
    public static readonly ColumnRange PreCapacity = Columns.Many(8);

    /// <summary>The pre-state register sponge after this row's chunk; row 7's [0..8] is the pre registers digest.</summary>
    public static readonly ColumnRange PreSponge = Columns.Many(16);

    /// <summary>As <see cref="PreCapacity"/>, post-state.</summary>
    public static readonly ColumnRange PostCapacity = Columns.Many(8);

    /// <summary>As <see cref="PreSponge"/>, post-state.</summary>
    public static readonly ColumnRange PostSponge = Columns.Many(16);

    /// <summary>The pre-state memory root (row 7, from the Merkle table).</summary>
    public static readonly ColumnRange PreRoot = Columns.Many(8);

    /// <summary>The post-state memory root (row 7).</summary>
    public static readonly ColumnRange PostRoot = Columns.Many(8);

    /// <summary>Poseidon2(pre root ‖ pre registers digest) (row 7); [0..8] is the pre-state digest.</summary>
    public static readonly ColumnRange PreDigest = Columns.Many(16);

    /// <summary>Poseidon2(post root ‖ post registers digest) (row 7); [0..8] is the post-state digest.</summary>
    public static readonly ColumnRange PostDigest = Columns.Many(16);

    /// <summary>Number of columns.</summary>
    public static int Width { get; } = Columns.Count;
}

/// <summary>
/// Opens and closes the register file and hashes the state. x0..x31 send (r, initial bytes, 0) and
/// receive (r, final bytes, final ts) on the memory bus; the pre and post register files with the pc
/// are hashed as <see cref="StateHasher.HashRegisters"/>, compressed with the Merkle table's roots into
/// the state digests (<see cref="StateHasher.State"/>), and received on the state bus as
/// (0, pre pc, pre digest) and (1, post pc, post digest).
/// </summary>
/// <remarks>
/// Eight rows, fixed by the preprocessed columns. The pc's top byte is checked below 16 (pc &lt; 2^28),
/// so pc = lo16 + 2^16·hi16 does not wrap the field and its limbs are canonical.
/// </remarks>
internal sealed class RegistersAir : IAir
{
    private static readonly Lazy<Trace> Fixed = new(BuildPreprocessed);

    /// <inheritdoc />
    public string Name => "paging.registers";

    /// <inheritdoc />
    public int Width => RegisterColumns.Width;

    /// <inheritdoc />
    public int PreprocessedWidth => RegisterColumns.PreprocessedWidth;

    /// <inheritdoc />
    public Trace Preprocessed() => Fixed.Value.Clone();

    /// <inheritdoc />
    public void Eval(AirBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        var baseRegister = b.Preprocessed(RegisterColumns.BasePre);
        var first = b.Preprocessed(RegisterColumns.FirstPre);
        var last = b.Preprocessed(RegisterColumns.LastPre);
        var initial = b.Main(RegisterColumns.Initial);
        var final = b.Main(RegisterColumns.Final);
        var ts = b.Main(RegisterColumns.FinalTs);

        var zeroInitial = b.Main(RegisterColumns.ZeroInitial);
        for (var k = 0; k < 4; k++)
        {
            b.AssertZero("x0 is zero", zeroInitial[k]);
        }

        b.Send(Buses.Memory, first, AirExprs.MemoryTuple(0, zeroInitial, 0));
        b.Receive(Buses.Memory, first, AirExprs.MemoryTuple(0, b.Main(RegisterColumns.ZeroFinal), b.Main(RegisterColumns.ZeroTs)));

        for (var s = 0; s < RegisterColumns.Slots; s++)
        {
            // Slot 3 of the last row is the pc, not a register.
            var isRegister = s < RegisterColumns.Slots - 1 ? Expr.One : 1 - last;
            var register = baseRegister + s;
            b.Send(Buses.Memory, isRegister, AirExprs.MemoryTuple(register, initial.AsSpan(4 * s, 4), 0));
            b.Receive(Buses.Memory, isRegister, AirExprs.MemoryTuple(register, final.AsSpan(4 * s, 4), ts[s]));
            b.Range(1, initial[4 * s], initial[(4 * s) + 1]);
            b.Range(isRegister, initial[(4 * s) + 2], initial[(4 * s) + 3]);
        }

        // The pc's bytes, pre and post: b3 < 16.
        var pcInitial = initial[12..16];
        var pcFinal = final[12..16];
        b.Range(last, pcInitial[2], 16 * pcInitial[3]);
        b.Range(last, pcFinal[0], pcFinal[1]);
        b.Range(last, pcFinal[2], 16 * pcFinal[3]);

        foreach (var (capacity, sponge) in new[]
                 {
                     (RegisterColumns.PreCapacity, RegisterColumns.PreSponge),
                     (RegisterColumns.PostCapacity, RegisterColumns.PostSponge),
                 })
        {
            for (var k = 0; k < 8; k++)
            {
                b.AssertZero("the register sponge starts empty", first * b.Main(capacity[k]));
                b.AssertZeroTransition("the register sponge carries its capacity",
                    b.MainNext(capacity[k]) - b.Main(sponge[8 + k]));
            }
        }

        var preSponge = b.Main(RegisterColumns.PreSponge);
        var postSponge = b.Main(RegisterColumns.PostSponge);
        b.Permutation(1, [.. AirExprs.Limbs(initial), .. b.Main(RegisterColumns.PreCapacity)], preSponge);
        b.Permutation(1, [.. AirExprs.Limbs(final), .. b.Main(RegisterColumns.PostCapacity)], postSponge);

        var preRoot = b.Main(RegisterColumns.PreRoot);
        var postRoot = b.Main(RegisterColumns.PostRoot);
        b.Receive(PagingTables.MerkleBus, last, [1, .. preRoot, .. postRoot]);
        var preDigest = b.Main(RegisterColumns.PreDigest);
        var postDigest = b.Main(RegisterColumns.PostDigest);
        b.Permutation(last, [.. preRoot, .. preSponge[..8]], preDigest);
        b.Permutation(last, [.. postRoot, .. postSponge[..8]], postDigest);
        b.Receive(Buses.State, last, [0, AirExprs.Compose(pcInitial), .. preDigest[..8]]);
        b.Receive(Buses.State, last, [1, AirExprs.Compose(pcFinal), .. postDigest[..8]]);
    }

    private static Trace BuildPreprocessed()
    {
        var t = new Trace(RegisterColumns.PreprocessedWidth, RegisterColumns.Height);
        for (var r = 0; r < RegisterColumns.Height; r++)
        {
            t[r, RegisterColumns.BasePre] = BabyBear.FromUInt32((uint)((RegisterColumns.Slots * r) + 1));
        }

        t[0, RegisterColumns.FirstPre] = BabyBear.One;
        t[RegisterColumns.Height - 1, RegisterColumns.LastPre] = BabyBear.One;
        return t;
    }
}
