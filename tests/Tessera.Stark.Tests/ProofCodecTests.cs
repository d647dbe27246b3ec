using Tessera.Field;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Tests.Airs;
using Tessera.Stark.Verifier;

namespace Tessera.Stark.Tests;

public sealed class ProofCodecTests
{
    // Enough queries that a mutation FRI must catch is missed with probability below 2^−40.
    private static readonly ProofParameters Strong = new() { LogBlowup = 2, NumQueries = 24, ProofOfWorkBits = 4 };

    private static readonly Lazy<(Machine Machine, BabyBear[][] Publics, byte[] Bytes)> Memory = new(() =>
    {
        var m = new Machine(MemoryWitness.Airs());
        var w = MemoryWitness.Build(16, 12, 4, seed: 5);
        var proof = StarkProver.Prove(m, w, Strong);
        return (m, ProveVerifyTests.Publics(w), ProofCodec.Encode(proof));
    });

    private static void Accept(byte[] bytes)
    {
        var (m, publics, _) = Memory.Value;
        StarkVerifier.Verify(m, publics, ProofCodec.Decode(m, bytes), Strong);
    }

    private static void Reject(byte[] bytes, string what)
    {
        var (m, publics, _) = Memory.Value;
        try
        {
            StarkVerifier.Verify(m, publics, ProofCodec.Decode(m, bytes), Strong);
        }
        catch (VerificationFailedException)
        {
            return;
        }

        Assert.Fail($"{what} was accepted");
    }

    [Fact]
    public void Encoding_round_trips_and_is_canonical()
    {
        var (m, _, bytes) = Memory.Value;
        Accept(bytes);
        Assert.Equal(bytes, ProofCodec.Encode(ProofCodec.Decode(m, bytes)));
    }

    [Fact]
    public void Every_single_byte_mutation_of_the_header_and_openings_is_rejected()
    {
        var bytes = Memory.Value.Bytes;

        // The first 2 KB hold the header, roots, sums, openings, FRI roots and the first queries.
        var rng = new Random(1);
        for (var i = 0; i < Math.Min(2048, bytes.Length); i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= (byte)(1 + rng.Next(255));
            Reject(copy, $"mutation at byte {i}");
        }
    }

    [Fact]
    public void Random_single_byte_mutations_anywhere_are_rejected()
    {
        var bytes = Memory.Value.Bytes;
        // Most bytes are query openings, which only the full verification checks: run in parallel.
        Parallel.For(0, 1000, n =>
        {
            var rng = new Random(n);
            var copy = (byte[])bytes.Clone();
            var i = rng.Next(bytes.Length);
            copy[i] = (byte)(copy[i] ^ (1 + rng.Next(255)));
            Reject(copy, $"mutation at byte {i}");
        });
    }

    [Fact]
    public void Truncations_and_extensions_are_rejected()
    {
        var bytes = Memory.Value.Bytes;
        var rng = new Random(3);
        for (var n = 0; n < 300; n++)
        {
            Reject(bytes[..rng.Next(bytes.Length)], "truncation");
        }

        Reject([.. bytes, 0], "an extra byte");
        Reject([], "empty input");
    }

    [Fact]
    public void Deserializer_fuzz_only_fails_with_verification_failures()
    {
        var (m, _, bytes) = Memory.Value;
        var rng = new Random(4);
        for (var n = 0; n < 3000; n++)
        {
            byte[] input = (n % 3) switch
            {
                0 => RandomBytes(rng, rng.Next(64)),
                1 => [.. bytes[..rng.Next(16)], .. RandomBytes(rng, rng.Next(4096))],
                _ => Mutate(bytes, rng),
            };
            try
            {
                ProofCodec.Decode(m, input);
            }
            catch (VerificationFailedException)
            {
            }
        }

        // A header that claims the largest shapes is refused from its length alone.
        byte[] big = [ProofCodec.Version, 8, 0, 4, 30, 30, 30, 30, 1, 10, 24, 24, 16];
        Assert.Throws<VerificationFailedException>(() => ProofCodec.Decode(m, big));
    }

    [Fact]
    public void Non_canonical_field_element_is_rejected()
    {
        var (m, _, bytes) = Memory.Value;
        var copy = (byte[])bytes.Clone();

        // The first word after the 10-byte header and 3 heights is the main root's first element.
        BitConverter.TryWriteBytes(copy.AsSpan(13, 4), BabyBear.Modulus);
        var e = Assert.Throws<VerificationFailedException>(() => ProofCodec.Decode(m, copy));
        Assert.Contains("non-canonical", e.Reason);
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static byte[] Mutate(byte[] bytes, Random rng)
    {
        var copy = (byte[])bytes.Clone();
        for (var k = rng.Next(1, 8); k > 0; k--)
        {
            copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
        }

        return copy;
    }
}
