using Org.BouncyCastle.Crypto.Digests;

namespace Tessera.Rollup;

/// <summary>Keccak-256 with the original Keccak padding (as Ethereum and the rollup guest use it, not SHA3-256).</summary>
public static class Keccak
{
    [ThreadStatic]
    private static KeccakDigest? digest;

    /// <summary>Writes Keccak-256(<paramref name="data"/>) into the 32 bytes of <paramref name="output"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> output)
    {
        var d = digest ??= new KeccakDigest(256);
        d.BlockUpdate(data);
        d.DoFinal(output);
    }

    /// <summary>Keccak-256 of <paramref name="data"/> as a new 32-byte array.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var output = new byte[32];
        Hash(data, output);
        return output;
    }

    /// <summary>Keccak-256 of the 64 bytes <paramref name="left"/> ‖ <paramref name="right"/> (a Merkle node).</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> pair = stackalloc byte[64];
        left.CopyTo(pair);
        right.CopyTo(pair[32..]);
        return Hash(pair);
    }
}
