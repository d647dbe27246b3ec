using System.Buffers.Binary;

using Tessera.Field;

namespace Tessera.Hash.Merkle;

/// <summary>
/// The pieces of the opening encodings (<see cref="MerkleOpening"/>, <see cref="MerkleBatchOpening"/>):
/// little-endian u32 words, canonical elements and digests, counts checked before anything is allocated.
/// </summary>
internal static class MerkleWire
{
    public static void WriteWord(Span<byte> destination, ref int at, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination[at..], value);
        at += 4;
    }

    /// <summary>
    /// Reads a u32 count in [min, max] and checks that <paramref name="bytesPerItem"/> bytes per item
    /// remain, so nothing is allocated for data that is not there.
    /// </summary>
    /// <param name="input">Advanced past the count.</param>
    /// <param name="encoding">What is being read, for the message ("opening", "batch opening").</param>
    /// <param name="what">Which count, for the message.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <param name="bytesPerItem">Bytes each counted item takes at least.</param>
    /// <exception cref="MerkleFormatException">The count is missing, out of range, or promises more bytes than remain.</exception>
    public static int ReadCount(ref ReadOnlySpan<byte> input, string encoding, string what, int min, int max, long bytesPerItem)
    {
        if (input.Length < 4)
        {
            throw new MerkleFormatException($"The {encoding} ends before its {what}.");
        }

        var value = BinaryPrimitives.ReadUInt32LittleEndian(input);
        input = input[4..];
        if (value < (uint)min || value > (uint)max)
        {
            throw new MerkleFormatException($"The {what} is {value}, outside {min}..{max}.");
        }

        if (value * bytesPerItem > input.Length)
        {
            throw new MerkleFormatException($"The {what} is {value}, but only {input.Length} bytes remain.");
        }

        return (int)value;
    }

    /// <summary>Reads canonical elements into <paramref name="destination"/>; the caller has checked that the bytes remain.</summary>
    /// <exception cref="MerkleFormatException">A word is not a canonical BabyBear value.</exception>
    public static void ReadElements(ref ReadOnlySpan<byte> input, Span<BabyBear> destination, string of)
    {
        for (var j = 0; j < destination.Length; j++)
        {
            var word = BinaryPrimitives.ReadUInt32LittleEndian(input);
            if (word >= BabyBear.Modulus)
            {
                throw new MerkleFormatException($"Element {j} of {of} is {word}, not a canonical BabyBear value.");
            }

            destination[j] = BabyBear.FromCanonical(word);
            input = input[4..];
        }
    }

    /// <summary>Reads <paramref name="count"/> canonical digests; the caller has checked that the bytes remain.</summary>
    /// <exception cref="MerkleFormatException">A digest is not canonical.</exception>
    public static Digest[] ReadSiblings(ref ReadOnlySpan<byte> input, int count)
    {
        var siblings = new Digest[count];
        for (var i = 0; i < count; i++)
        {
            try
            {
                siblings[i] = Digest.FromBytes(input[..Digest.ByteLength]);
            }
            catch (NonCanonicalDigestException e)
            {
                throw new MerkleFormatException($"Sibling {i} is not a canonical digest.", e);
            }

            input = input[Digest.ByteLength..];
        }

        return siblings;
    }
}
