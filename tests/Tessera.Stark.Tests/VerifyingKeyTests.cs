using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Tests.Airs;
using Tessera.Stark.Verifier;

namespace Tessera.Stark.Tests;

public sealed class VerifyingKeyTests
{
    private static readonly FriParameters Fast = ProveVerifyTests.Fast;

    private static (Machine Machine, TableWitness[] Witness, StarkProof Proof) RangeProof(FriParameters p)
    {
        var m = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var (range, bytes) = RangeCheckedAir.Witness(32, seed: 5);
        TableWitness[] w = [range, bytes];
        return (m, w, StarkProver.Prove(m, w, p));
    }

    [Fact]
    public void A_key_read_back_from_its_bytes_verifies_on_a_fresh_machine()
    {
        var (m, w, proof) = RangeProof(Fast);
        var bytes = VerifyingKey.For(m, Fast.LogBlowup).ToBytes();
        Assert.Equal(VerifyingKey.SerializedLength, bytes.Length);

        // A new machine instance has no cached preprocessed tree: the key alone carries it.
        var fresh = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var key = VerifyingKey.FromBytes(bytes);
        StarkVerifier.Verify(fresh, key, ProveVerifyTests.Publics(w), proof, 0);
        Assert.Equal(bytes, key.ToBytes());
    }

    [Fact]
    public void A_machine_without_preprocessed_columns_has_a_short_key()
    {
        var m = new Machine(new FibonacciAir());
        var w = new[] { FibonacciAir.Witness(16) };
        var key = VerifyingKey.FromBytes(VerifyingKey.For(m, 1).ToBytes());
        Assert.Null(key.PreprocessedRoot);
        StarkVerifier.Verify(m, key, ProveVerifyTests.Publics(w), StarkProver.Prove(m, w, Fast), 0);
    }

    [Fact]
    public void Every_single_byte_change_of_a_key_is_refused_at_decoding_or_verification()
    {
        var (m, w, proof) = RangeProof(Fast);
        var bytes = VerifyingKey.For(m, Fast.LogBlowup).ToBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var delta in new byte[] { 1, 0x80 })
            {
                var bad = (byte[])bytes.Clone();
                bad[i] ^= delta;
                Assert.Throws<VerificationFailedException>(() =>
                    StarkVerifier.Verify(m, VerifyingKey.FromBytes(bad), ProveVerifyTests.Publics(w), proof, 0));
            }
        }

        Assert.Throws<VerificationFailedException>(() => VerifyingKey.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<VerificationFailedException>(() => VerifyingKey.FromBytes([.. bytes, 0]));
        Assert.Throws<VerificationFailedException>(() => VerifyingKey.FromBytes([]));
    }

    [Fact]
    public void A_proof_at_another_blowup_or_for_another_machine_is_refused()
    {
        var (m, w, proof) = RangeProof(Fast with { LogBlowup = 2 });
        var key1 = VerifyingKey.For(m, 1);
        var e = Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, key1, ProveVerifyTests.Publics(w), proof, 0));
        Assert.Contains("log_blowup", e.Message, StringComparison.Ordinal);
        StarkVerifier.Verify(m, VerifyingKey.For(m, 2), ProveVerifyTests.Publics(w), proof, 0);

        var other = new Machine(new FibonacciAir());
        Assert.Throws<VerificationFailedException>(() =>
            StarkVerifier.Verify(m, VerifyingKey.For(other, 2), ProveVerifyTests.Publics(w), proof, 0));
    }
}
