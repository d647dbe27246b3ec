using Tessera.Field;
using Tessera.Stark.Air;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Tests.Airs;
using Tessera.Stark.Verifier;

namespace Tessera.Stark.Tests;

public sealed class VerifyingKeyTests
{
    private static readonly ProofParameters Fast = ProveVerifyTests.Fast;

    private static (Machine Machine, TableWitness[] Witness, StarkProof Proof) RangeProof(ProofParameters p)
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
        var bytes = VerifyingKey.For(m, Fast).ToBytes();
        Assert.Equal(VerifyingKey.SerializedLength, bytes.Length);

        var fresh = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var key = VerifyingKey.FromBytes(bytes);
        Assert.Equal(Fast, key.Parameters);
        StarkVerifier.Verify(fresh, key, ProveVerifyTests.Publics(w), proof);
        Assert.Equal(bytes, key.ToBytes());
        Assert.Equal(VerifyingKey.For(fresh, Fast), key);
    }

    [Fact]
    public void A_machine_without_preprocessed_columns_has_a_short_key()
    {
        var m = new Machine(new FibonacciAir());
        var w = new[] { FibonacciAir.Witness(16) };
        var key = VerifyingKey.FromBytes(VerifyingKey.For(m, Fast).ToBytes());
        Assert.Null(key.PreprocessedRoot);
        StarkVerifier.Verify(m, key, ProveVerifyTests.Publics(w), StarkProver.Prove(m, w, Fast));
    }

    [Fact]
    public void Every_single_byte_change_of_a_key_is_refused_at_decoding_or_verification()
    {
        var (m, w, proof) = RangeProof(Fast);
        var bytes = VerifyingKey.For(m, Fast).ToBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var delta in new byte[] { 1, 0x80 })
            {
                var bad = (byte[])bytes.Clone();
                bad[i] ^= delta;
                Assert.Throws<VerificationFailedException>(() =>
                    StarkVerifier.Verify(m, VerifyingKey.FromBytes(bad), ProveVerifyTests.Publics(w), proof));
            }
        }

        Assert.Throws<VerificationFailedException>(() => VerifyingKey.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<VerificationFailedException>(() => VerifyingKey.FromBytes([.. bytes, 0]));
        Assert.Throws<VerificationFailedException>(() => VerifyingKey.FromBytes([]));
    }

    [Fact]
    public void A_proof_with_other_parameters_or_for_another_machine_is_refused()
    {
        var p2 = Fast with { LogBlowup = 2 };
        var (m, w, proof) = RangeProof(p2);
        var e = Assert.Throws<VerificationFailedException>(() =>
            StarkVerifier.Verify(m, VerifyingKey.For(m, Fast), ProveVerifyTests.Publics(w), proof));
        Assert.Contains("parameters", e.Message, StringComparison.Ordinal);
        StarkVerifier.Verify(m, VerifyingKey.For(m, p2), ProveVerifyTests.Publics(w), proof);

        var other = new Machine(new FibonacciAir());
        Assert.Throws<VerificationFailedException>(() =>
            StarkVerifier.Verify(m, VerifyingKey.For(other, p2), ProveVerifyTests.Publics(w), proof));
    }

    /// <summary>
    /// The attack of issue 10: a key whose preprocessed root commits to a byte table whose row 5
    /// holds 256, and a proof against it that 65 536 = 256 + 256·255 is a 16-bit value. Before,
    /// the key carried the honest machine's fingerprint (which hashed no preprocessed values) and
    /// the proof verified.
    /// </summary>
    [Fact]
    public void A_key_committing_to_another_fixed_table_is_refused_and_so_is_the_false_range_proof()
    {
        var honest = new Machine(new RangeCheckedAir(), new ByteTableAir());
        var forgedMachine = new Machine(new RangeCheckedAir(), new ForgedByteTableAir());
        var w = ForgedRangeWitness();
        var proof = StarkProver.Prove(forgedMachine, w, Fast);
        var forgedKey = VerifyingKey.For(forgedMachine, Fast);
        var publics = ProveVerifyTests.Publics(w);

        // The machine's identity covers its fixed tables.
        Assert.NotEqual(honest.Fingerprint, forgedMachine.Fingerprint);
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(honest, forgedKey, publics, proof));
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(honest, publics, proof, Fast));

        // A forged key carrying the honest fingerprint is refused for its root.
        var bytes = forgedKey.ToBytes();
        honest.Fingerprint.WriteBytes(bytes.AsSpan(1));
        var e = Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(honest, VerifyingKey.FromBytes(bytes), publics, proof));
        Assert.Contains("preprocessed commitment", e.Message, StringComparison.Ordinal);
    }

    private static TableWitness[] ForgedRangeWitness()
    {
        var rng = new Random(7);
        const int rows = 32;
        var t = new Trace(3, rows);
        var mult = new Trace(1, 256);
        for (var r = 0; r < rows; r++)
        {
            uint lo, hi;
            if (r == 0)
            {
                (lo, hi) = (256, 255);
            }
            else
            {
                do
                {
                    (lo, hi) = ((uint)rng.Next(256), (uint)rng.Next(256));
                }
                while (lo == 5 || hi == 5);
            }

            t[r, 0] = BabyBear.FromUInt32(lo + (256 * hi));
            t[r, 1] = BabyBear.FromUInt32(lo);
            t[r, 2] = BabyBear.FromUInt32(hi);
            mult[lo == 256 ? 5 : (int)lo, 0] += BabyBear.One;
            mult[(int)hi, 0] += BabyBear.One;
        }

        return [new TableWitness(t), new TableWitness(mult)];
    }

    /// <summary>The byte table with 256 in row 5 (so 5 is missing): same name, shape and constraints.</summary>
    private sealed class ForgedByteTableAir : IAir
    {
        public string Name => "bytes";

        public int Width => 1;

        public int PreprocessedWidth => 1;

        public Trace Preprocessed()
        {
            var t = new ByteTableAir().Preprocessed();
            t[5, 0] = BabyBear.FromUInt32(256);
            return t;
        }

        public void Eval(AirBuilder b) => b.Receive(ByteTableAir.Bus, b.Main(0), b.Preprocessed(0));
    }
}
