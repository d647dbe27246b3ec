using Tessera.Field;
using Tessera.Stark;
using Tessera.Stark.Debugging;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Verifier;

using static Tessera.Circuit.Tests.Poseidon2Fixtures;

namespace Tessera.Circuit.Tests;

public sealed class ByteOpsTests
{
    // The op numbers are part of the bus protocol other tables hard-wire; pin them.
    private const uint RangeOp = 0, AndOp = 1, OrOp = 2, XorOp = 3, LtOp = 4;

    private static uint Oracle(uint op, uint a, uint b) => op switch
    {
        RangeOp => 0,
        AndOp => a & b,
        OrOp => a | b,
        XorOp => a ^ b,
        LtOp => a < b ? 1u : 0u,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Fact]
    public void Op_numbers_are_the_protocol_constants()
    {
        Assert.Equal(RangeOp, (uint)ByteOp.Range);
        Assert.Equal(AndOp, (uint)ByteOp.And);
        Assert.Equal(OrOp, (uint)ByteOp.Or);
        Assert.Equal(XorOp, (uint)ByteOp.Xor);
        Assert.Equal(LtOp, (uint)ByteOp.Lt);
        Assert.Equal(5, ByteOpsAir.ColumnCount);
    }

    [Fact]
    public void Preprocessed_columns_hold_every_byte_pair_and_its_results()
    {
        var air = new ByteOpsAir();
        var t = air.Preprocessed();
        Assert.Equal(air.PreprocessedWidth, t.Width);
        Assert.Equal(1 << 16, t.Height);
        for (var row = 0; row < t.Height; row++)
        {
            uint a = (uint)row >> 8, b = (uint)row & 0xFF;
            Assert.Equal(a, t[row, ByteOpsAir.AColumn].ToCanonical());
            Assert.Equal(b, t[row, ByteOpsAir.BColumn].ToCanonical());
            Assert.Equal(a & b, t[row, ByteOpsAir.AndColumn].ToCanonical());
            Assert.Equal(a | b, t[row, ByteOpsAir.OrColumn].ToCanonical());
            Assert.Equal(a ^ b, t[row, ByteOpsAir.XorColumn].ToCanonical());
            Assert.Equal(a < b ? 1u : 0u, t[row, ByteOpsAir.LtColumn].ToCanonical());
        }
    }

    [Fact]
    public void Preprocessed_returns_a_copy_the_caller_cannot_corrupt()
    {
        var air = new ByteOpsAir();
        air.Preprocessed()[7, ByteOpsAir.XorColumn] += BabyBear.One;
        Assert.Equal(7u, air.Preprocessed()[7, ByteOpsAir.XorColumn].ToCanonical());
    }

    [Theory]
    [InlineData(RangeOp, 0xFFu, 0x00u)]
    [InlineData(AndOp, 0x0Fu, 0xF0u)]
    [InlineData(OrOp, 0xA5u, 0x5Au)]
    [InlineData(XorOp, 0xFFu, 0x3Cu)]
    [InlineData(LtOp, 0x7Fu, 0x80u)]
    [InlineData(LtOp, 0x80u, 0x80u)]
    public void Result_and_tuple_match_the_oracle(uint op, uint a, uint b)
    {
        var lookup = new ByteLookup((ByteOp)op, a, b);
        Assert.Equal(Oracle(op, a, b), ByteOpsAir.Result((ByteOp)op, a, b));
        Assert.Equal(Oracle(op, a, b), lookup.Result);
        uint[] expected = [op, a, b, Oracle(op, a, b)];
        Assert.Equal(expected, ByteOpsAir.Tuple(lookup).Select(x => x.ToCanonical()));
    }

    [Fact]
    public void Lookups_reject_operands_above_a_byte_and_unknown_ops()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteLookup(ByteOp.Range, 256, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteLookup(ByteOp.And, 0, 300));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ByteLookup((ByteOp)5, 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ByteOpsAir.Result(ByteOp.Xor, 1, 256));
    }

    [Fact]
    public void Witness_counts_each_lookup_in_its_op_column_on_its_pair_row()
    {
        var w = ByteOpsAir.Witness(
        [
            new(ByteOp.Xor, 3, 5), new(ByteOp.Xor, 3, 5), new(ByteOp.And, 3, 5), new(ByteOp.Range, 255, 255),
        ]);
        var t = w.Main;
        Assert.Equal((5, 1 << 16), (t.Width, t.Height));
        var nonZero = t.Values.Select((v, i) => (v, i)).Where(x => x.v != BabyBear.Zero)
            .Select(x => (Row: x.i / t.Width, Column: x.i % t.Width, Count: x.v.ToCanonical())).ToArray();
        (int, int, uint)[] expected = [((3 * 256) + 5, (int)AndOp, 1), ((3 * 256) + 5, (int)XorOp, 2), (65535, (int)RangeOp, 1)];
        Assert.Equal(expected, nonZero);
    }

    /// <summary>Random honest lookups of every op, with some repeated, and the consumer's claims for them.</summary>
    private static (ByteLookup[] Lookups, List<(uint, uint, uint, uint)> Claims) Honest(int count, int seed)
    {
        var rng = new Random(seed);
        var lookups = new ByteLookup[count];
        for (var i = 0; i < count; i++)
        {
            lookups[i] = i % 7 == 6
                ? lookups[i - 1]
                : new ByteLookup((ByteOp)(i % 5), (uint)rng.Next(256), (uint)rng.Next(256));
        }

        var claims = lookups.Select(l => ((uint)l.Op, l.A, l.B, Oracle((uint)l.Op, l.A, l.B))).ToList();
        return (lookups, claims);
    }

    private static Machine Machine() => new(new ByteOpsAir(), new ByteConsumerAir());

    [Fact]
    public void Honest_lookups_of_every_op_prove_and_verify()
    {
        var (lookups, claims) = Honest(30, 5);
        var m = Machine();
        TableWitness[] w = [ByteOpsAir.Witness(lookups), ByteConsumerAir.Witness(claims)];
        DebugChecker.Check(m, w);
        StarkVerifier.Verify(m, Publics(w), StarkProver.Prove(m, w, Fast), Fast);
    }

    [Fact]
    public void A_wrong_result_unbalances_the_bus_and_a_forced_proof_is_rejected()
    {
        var (lookups, claims) = Honest(14, 9);
        lookups = [.. lookups, new ByteLookup(ByteOp.And, 0x0F, 0xF0)];
        claims.Add((AndOp, 0x0F, 0xF0, 1));
        var m = Machine();
        TableWitness[] w = [ByteOpsAir.Witness(lookups), ByteConsumerAir.Witness(claims)];
        var e = Assert.Throws<BusImbalanceException>(() => DebugChecker.Check(m, w));
        Assert.Equal(ByteOpsAir.BusName, e.Bus);
        var proof = StarkProver.Prove(m, w, Fast, debugCheck: false);
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, Publics(w), proof, Fast));
    }

    [Theory]
    [InlineData(256u, 0u)]
    [InlineData(0u, 300u)]
    [InlineData(65536u, 0u)]
    public void A_range_lookup_of_a_value_above_a_byte_cannot_balance(uint a, uint b)
    {
        var (lookups, claims) = Honest(7, 3);
        claims.Add((RangeOp, a, b, 0));
        var m = Machine();
        TableWitness[] w = [ByteOpsAir.Witness(lookups), ByteConsumerAir.Witness(claims)];
        var e = Assert.Throws<BusImbalanceException>(() => DebugChecker.Check(m, w));
        Assert.Equal(ByteOpsAir.BusName, e.Bus);
        Assert.Equal([RangeOp, a, b, 0u], e.Tuple.Select(x => x.ToCanonical()));
    }
}
