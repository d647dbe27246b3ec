using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Tessera.Rollup.Tests;

public class OracleTests
{
    private static readonly byte[] Sk = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static byte[] Pk()
    {
        var pk = new byte[32];
        Ed25519.GeneratePublicKey(Sk, 0, pk, 0);
        return pk;
    }

    private static Transfer Signed(uint chain, uint from, uint to, ulong amount, ulong fee, ulong nonce)
    {
        var m = Transfer.SigningMessage(chain, from, to, amount, fee, nonce);
        var sig = new byte[64];
        Ed25519.Sign(Sk, 0, m, 0, m.Length, sig, 0);
        return new Transfer(from, to, amount, fee, nonce, sig);
    }

    [Fact]
    public void Hand_computed_transition()
    {
        var pk = Pk();
        var pre = new Dictionary<uint, Account> { [1] = new(1000, 0, pk), [2] = new(5, 3, pk) };
        Transfer[] txs =
        [
            Signed(9, 1, 2, 100, 10, 0),   // ok: 1 -> 890/1, 2 -> 105
            Signed(9, 1, 2, 100, 10, 0),   // replay: nonce 0 again
            Signed(9, 2, 7, 96, 10, 3),    // overdraft: 106 > 105
            Signed(9, 2, 7, 95, 10, 3),    // ok: 2 -> 0/4, fresh 7 -> 95
            Signed(8, 1, 1, 1, 1, 1),      // signed for chain 8
            Signed(9, 1, 1, 50, 2, 1),     // self-transfer: 1 -> 888/2
        ];
        var j = ReferenceTransition.Apply(9, pre, txs);
        Assert.Equal(3u, j.Accepted);
        Assert.Equal(3u, j.Rejected);
        Assert.Equal(22UL, j.TotalFees);
        var post = new Dictionary<uint, Account>
        {
            [1] = new(888, 2, pk),
            [2] = new(0, 4, pk),
            [7] = new(95, 0, new byte[32]),
        };
        Assert.Equal(ReferenceTransition.Root(post), j.PostRoot);
        Assert.Equal(ReferenceTransition.Root(pre), j.PreRoot);

        var noSig = ReferenceTransition.Apply(9, pre, txs, checkSignatures: false);
        // The chain-8 transfer now passes (nonce 1), so the last one's nonce 1 is stale.
        Assert.Equal(3u, noSig.Accepted);
        Assert.Equal(21UL, noSig.TotalFees);
    }

    [Fact]
    public void Credit_overflow_is_rejected_and_drops_the_debit()
    {
        var pk = Pk();
        var pre = new Dictionary<uint, Account> { [1] = new(10, 0, pk), [2] = new(ulong.MaxValue - 1, 0, pk) };
        var j = ReferenceTransition.Apply(1, pre, [Signed(1, 1, 2, 2, 0, 0)]);
        Assert.Equal(1u, j.Rejected);
        Assert.Equal(j.PreRoot, j.PostRoot);
    }
}
