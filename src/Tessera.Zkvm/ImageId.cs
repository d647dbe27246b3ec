using System.Globalization;

using Tessera.Circuit;
using Tessera.Hash;
using Tessera.Vm.Elf;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;

namespace Tessera.Zkvm;

/// <summary>
/// What a receipt is checked against: the digest of a program's code (the circuit's program table),
/// its page layout, and its entry state (pc, and the state digest committing the initial memory and
/// registers). Two programs share an image ID only if they are the same code starting from the same
/// state.
/// </summary>
/// <remarks>
/// <c>image_id = H("tessera.image.v1"; program digest, entry pc, entry state digest)</c> with
/// <c>program digest = H("tessera.program.v1"; page shift, code base, code words)</c>, H the tagged,
/// length-bound Poseidon2 hash of <c>TaggedHash</c>. Written as 64 lower-case hex digits.
/// </remarks>
public readonly record struct ImageId(Digest Value)
{
    /// <summary>The image ID of <paramref name="program"/> under <paramref name="layout"/> (the default layout when null).</summary>
    public static ImageId Of(ElfProgram program, PageLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        layout ??= PageLayout.Default;
        var circuit = Rv32imCircuit.For(program, layout);
        return From(ProgramDigest(circuit.CodeBase, circuit.Code, layout.PageShift), program.Entry, Executor.ImageId(program, layout));
    }

    /// <summary>Reads 64 hex digits.</summary>
    /// <exception cref="FormatException">Not 64 hex digits of a canonical digest.</exception>
    public static ImageId Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"an image ID is {2 * Digest.ByteLength} hex digits"));
        }

        try
        {
            return new ImageId(Digest.FromBytes(bytes));
        }
        catch (NonCanonicalDigestException e)
        {
            throw new FormatException($"not an image ID: {e.Message}", e);
        }
    }

    /// <summary>The 64 hex digits.</summary>
    public override string ToString() => Value.ToString();

    /// <summary>The image ID of code at <paramref name="programDigest"/> entered at (<paramref name="pc"/>, <paramref name="state"/>).</summary>
    internal static ImageId From(in Digest programDigest, uint pc, in Digest state) =>
        new(new TaggedHash("tessera.image.v1").Digest(programDigest).Word(pc).Digest(state).Finish());

    /// <summary>The digest of the code a receipt's circuit is built from.</summary>
    internal static Digest ProgramDigest(uint codeBase, ReadOnlySpan<uint> words, int pageShift)
    {
        var h = new TaggedHash("tessera.program.v1").Word((uint)pageShift).Word(codeBase);
        foreach (var w in words)
        {
            h.Word(w);
        }

        return h.Finish();
    }
}
