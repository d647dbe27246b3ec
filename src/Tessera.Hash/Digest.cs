using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using Tessera.Field;

namespace Tessera.Hash;

/// <summary>
/// A Poseidon2 digest: eight BabyBear elements (about 248 bits), as Plonky3's
/// <c>[BabyBear; 8]</c>. Serialises to 32 bytes: the canonical values as little-endian u32s.
/// </summary>
/// <remarks>
/// The layout is exactly eight consecutive <see cref="BabyBear"/>s, so a
/// <c>Span&lt;Digest&gt;</c> may be viewed as a <c>Span&lt;BabyBear&gt;</c> of eight times the length
/// with <see cref="MemoryMarshal.Cast{TFrom, TTo}(Span{TFrom})"/>.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Digest : IEquatable<Digest>
{
    /// <summary>Field elements in a digest.</summary>
    public const int Length = 8;

    /// <summary>Bytes in the serialised form.</summary>
    public const int ByteLength = 32;

    private readonly Elements _elements;

    /// <summary>Builds a digest from exactly eight elements.</summary>
    /// <exception cref="ArgumentException"><paramref name="elements"/> does not hold eight elements.</exception>
    public Digest(ReadOnlySpan<BabyBear> elements)
    {
        if (elements.Length != Length)
        {
            throw new ArgumentException($"A digest has {Length} elements, not {elements.Length}.", nameof(elements));
        }

        elements.CopyTo(_elements);
    }

    /// <summary>The all-zero digest (also what the sponge returns for empty input, as Plonky3).</summary>
    public static Digest Zero => default;

    /// <summary>Element <paramref name="index"/> (0..7).</summary>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside 0..7.</exception>
    public BabyBear this[int index] => _elements[index];

    /// <summary>Copies the eight elements into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than eight.</exception>
    public void CopyTo(Span<BabyBear> destination) => ((ReadOnlySpan<BabyBear>)_elements).CopyTo(destination);

    /// <summary>The eight elements as a new array.</summary>
    public BabyBear[] ToArray() => ((ReadOnlySpan<BabyBear>)_elements).ToArray();

    /// <summary>Writes the 32-byte form: each canonical value as a little-endian u32.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void WriteBytes(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            throw new ArgumentException($"A digest needs {ByteLength} bytes, the destination has {destination.Length}.", nameof(destination));
        }

        for (var i = 0; i < Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(4 * i)..], _elements[i].ToCanonical());
        }
    }

    /// <summary>The 32-byte form as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Reads the 32-byte form, accepting only canonical values.</summary>
    /// <exception cref="NonCanonicalDigestException">
    /// The input is not 32 bytes, or a word is p or more (the encoding is then not unique).
    /// </exception>
    public static Digest FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
        {
            throw new NonCanonicalDigestException($"A digest is {ByteLength} bytes, not {bytes.Length}.");
        }

        Span<BabyBear> elements = stackalloc BabyBear[Length];
        for (var i = 0; i < Length; i++)
        {
            var word = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]);
            if (word >= BabyBear.Modulus)
            {
                throw new NonCanonicalDigestException(i, word);
            }

            elements[i] = BabyBear.FromCanonical(word);
        }

        return new Digest(elements);
    }

    /// <summary>Equality of all eight elements.</summary>
    public bool Equals(Digest other) =>
        ((ReadOnlySpan<BabyBear>)_elements).SequenceEqual(other._elements);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Digest other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var e in (ReadOnlySpan<BabyBear>)_elements)
        {
            hash.Add(e);
        }

        return hash.ToHashCode();
    }

    /// <summary>Equality of all eight elements.</summary>
    public static bool operator ==(Digest left, Digest right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Digest left, Digest right) => !left.Equals(right);

    /// <summary>The 32-byte form in lower-case hex.</summary>
    public override string ToString() => Convert.ToHexStringLower(ToBytes());

    [InlineArray(Length)]
    private struct Elements
    {
        private BabyBear _element0;
    }
}
