using System.Security.Cryptography;

using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Tessera.Network.Identity;

/// <summary>
/// A node's Ed25519 key pair. Its <see cref="Id"/> is the hash of the public key, so an id names
/// exactly one key and a message signed by that key is the only way to speak for it.
/// </summary>
public sealed class NodeKey
{
    /// <summary>Bytes of a public key.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Bytes of a signature.</summary>
    public const int SignatureLength = 64;

    private const int SecretLength = 32;

    private readonly byte[] secret;

    private NodeKey(byte[] secret)
    {
        this.secret = secret;
        PublicKey = new byte[PublicKeyLength];
        Ed25519.GeneratePublicKey(secret, 0, PublicKey, 0);
        Id = NodeId.FromPublicKey(PublicKey);
    }

    /// <summary>The public key, as peers see it.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The node's id.</summary>
    public NodeId Id { get; }

    /// <summary>A fresh random key.</summary>
    public static NodeKey Generate() => new(RandomNumberGenerator.GetBytes(SecretLength));

    /// <summary>A key from its 32 secret bytes (for tests and the key file).</summary>
    /// <exception cref="ArgumentException">Not 32 bytes.</exception>
    public static NodeKey FromSecret(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretLength)
        {
            throw new ArgumentException($"an Ed25519 secret key is {SecretLength} bytes", nameof(secret));
        }

        return new NodeKey(secret.ToArray());
    }

    /// <summary>Reads the key file at <paramref name="path"/>, creating it (mode 600) with a fresh key when absent.</summary>
    /// <exception cref="InvalidDataException">The file exists but holds no key.</exception>
    public static NodeKey LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            try
            {
                return FromSecret(Convert.FromHexString(text));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new InvalidDataException($"{path} does not hold a node key (64 hex digits)", e);
            }
        }

        var key = Generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var w = new StreamWriter(path, options))
        {
            w.WriteLine(Convert.ToHexStringLower(key.secret));
        }

        return key;
    }

    /// <summary>Signs <paramref name="message"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var sig = new byte[SignatureLength];
        var m = message.ToArray();
        Ed25519.Sign(secret, 0, m, 0, m.Length, sig, 0);
        return sig;
    }

    /// <summary>Whether <paramref name="signature"/> is <paramref name="publicKey"/>'s over <paramref name="message"/>. Never throws on bad input.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        try
        {
            var m = message.ToArray();
            return Ed25519.Verify(signature.ToArray(), 0, publicKey.ToArray(), 0, m, 0, m.Length);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
