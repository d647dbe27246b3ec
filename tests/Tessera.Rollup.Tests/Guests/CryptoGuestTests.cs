using System.Buffers.Binary;
using System.Security.Cryptography;

using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Tessera.Rollup.Tests.Guests;

/// <summary>The guest's Keccak-256, SHA-512 and Ed25519 (guest/crypto) run under qemu.</summary>
public class CryptoGuestTests
{
    private static readonly string Elf = GuestTools.Elf("crypto/bin/crypto-vectors.elf");

    [GuestFact]
    public void Published_vectors_pass_and_negative_cases_fail()
    {
        // 2 Keccak-256 + 3 SHA-512 known answers, then per RFC 8032 test (1, 2, 3, 1024): the
        // vector verifies, and a flipped bit in R, in S, in the message, another key, S + L fail.
        var run = Qemu.Run(Elf, []);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Enumerable.Repeat((byte)1, 5 + (4 * 6)).ToArray(), run.Journal);
    }

    private static void Request(MemoryStream s, byte op, ReadOnlySpan<byte> data)
    {
        s.WriteByte(op);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)data.Length);
        s.Write(len);
        s.Write(data);
    }

    [GuestFact]
    public void Hashes_match_independent_implementations_on_every_padding_length()
    {
        var rng = new Random(21);
        var input = new MemoryStream();
        var expected = new MemoryStream();
        for (var len = 0; len <= 300; len += len < 140 ? 1 : 7)
        {
            var data = new byte[len];
            rng.NextBytes(data);
            Request(input, (byte)'K', data);
            var k = new KeccakDigest(256);
            k.BlockUpdate(data);
            var kd = new byte[32];
            k.DoFinal(kd);
            expected.Write(kd);
            Request(input, (byte)'S', data);
            expected.Write(SHA512.HashData(data));
        }

        var run = Qemu.Run(Elf, input.ToArray());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected.ToArray(), run.Journal);
    }

    [GuestFact]
    public void Ed25519_agrees_with_bouncycastle_on_valid_and_damaged_signatures()
    {
        var rng = new Random(22);
        var input = new MemoryStream();
        var expected = new List<byte>();
        for (var i = 0; i < 24; i++)
        {
            var sk = new byte[32];
            rng.NextBytes(sk);
            var pk = new byte[32];
            Ed25519.GeneratePublicKey(sk, 0, pk, 0);
            var msg = new byte[rng.Next(0, 200)];
            rng.NextBytes(msg);
            var sig = new byte[64];
            Ed25519.Sign(sk, 0, msg, 0, msg.Length, sig, 0);
            switch (i % 4)
            {
                case 1:
                    sig[rng.Next(64)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 2:
                    pk[rng.Next(32)] ^= (byte)(1 << rng.Next(8)); // may not even decode
                    break;
                case 3 when msg.Length > 0:
                    msg[rng.Next(msg.Length)] ^= 1;
                    break;
                default:
                    break;
            }

            input.WriteByte((byte)'E');
            input.Write(pk);
            input.Write(sig);
            input.Write(BitConverter.GetBytes((uint)msg.Length)); // little-endian here and in the guest
            input.Write(msg);
            expected.Add(Ed25519.Verify(sig, 0, pk, 0, msg, 0, msg.Length) ? (byte)1 : (byte)0);
        }

        var run = Qemu.Run(Elf, input.ToArray());
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected.ToArray(), run.Journal);
        Assert.Contains((byte)1, run.Journal); // both outcomes are exercised
        Assert.Contains((byte)0, run.Journal);
    }
}
