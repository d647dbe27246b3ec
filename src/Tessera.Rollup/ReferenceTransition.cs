using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Tessera.Rollup;

/// <summary>
/// The host's own model of the block guest: applies transfers to a plain account map with the
/// rules of docs/rollup-block.md and computes the roots from scratch, sharing no code with the
/// guest (C, witnesses) or with the generator's incremental tree.
/// </summary>
public static class ReferenceTransition
{
    /// <summary>The journal the guest must commit for these transfers applied to <paramref name="preState"/>.</summary>
    /// <param name="chainId">Chain id of the block (part of every signed message).</param>
    /// <param name="preState">Accounts by id before the block; absent ids are empty accounts.</param>
    /// <param name="transfers">The block's transfers, in order.</param>
    /// <param name="checkSignatures">False models the guest built with -DTSR_NO_SIG.</param>
    /// <exception cref="ArgumentOutOfRangeException">An account or transfer id is not below 2^Depth.</exception>
    public static RollupJournal Apply(
        uint chainId, IReadOnlyDictionary<uint, Account> preState, IReadOnlyList<Transfer> transfers, bool checkSignatures = true)
    {
        var state = new Dictionary<uint, Account>(preState);
        var preRoot = Root(state);
        uint accepted = 0, rejected = 0;
        ulong fees = 0;
        var batch = new byte[(long)transfers.Count * Transfer.Size];
        for (var i = 0; i < transfers.Count; i++)
        {
            var t = transfers[i];
            t.Encode(batch.AsSpan(i * Transfer.Size));
            CheckId(t.From);
            CheckId(t.To);
            if (Applies(chainId, state, t, fees, checkSignatures))
            {
                var s = Get(state, t.From);
                state[t.From] = s with { Balance = s.Balance - t.Amount - t.Fee, Nonce = s.Nonce + 1 };
                var r = Get(state, t.To);
                state[t.To] = r with { Balance = r.Balance + t.Amount };
                accepted++;
                fees += t.Fee;
            }
            else
            {
                rejected++;
            }
        }

        return new RollupJournal(preRoot, Root(state), Keccak.Hash(batch), chainId, accepted, rejected, fees);
    }

    private static bool Applies(uint chainId, Dictionary<uint, Account> state, Transfer t, ulong fees, bool checkSignatures)
    {
        var s = Get(state, t.From);
        if (checkSignatures)
        {
            var m = t.SigningMessage(chainId);
            if (!Ed25519.Verify(t.Signature, 0, s.PublicKey, 0, m, 0, m.Length))
            {
                return false;
            }
        }

        if (t.Nonce != s.Nonce)
        {
            return false;
        }

        var debit = (UInt128)t.Amount + t.Fee;
        if (debit > s.Balance || (UInt128)fees + t.Fee > ulong.MaxValue)
        {
            return false;
        }

        // The receiver is read after the debit: for a self-transfer it is the debited account.
        var receiverBalance = t.From == t.To ? s.Balance - (ulong)debit : Get(state, t.To).Balance;
        return (UInt128)receiverBalance + t.Amount <= ulong.MaxValue;
    }

    private static Account Get(Dictionary<uint, Account> state, uint id) =>
        state.TryGetValue(id, out var a) ? a : Account.Empty;

    private static void CheckId(uint id)
    {
        if (id >> RollupFormat.Depth != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"account ids are below 2^{RollupFormat.Depth}");
        }
    }

    /// <summary>The state root of an account map, computed top-down over the occupied ids only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is not below 2^Depth.</exception>
    public static byte[] Root(IReadOnlyDictionary<uint, Account> state)
    {
        var leaves = new List<(uint Id, byte[] Leaf)>();
        foreach (var (id, account) in state)
        {
            CheckId(id);
            if (!account.IsEmpty)
            {
                leaves.Add((id, account.LeafHash()));
            }
        }

        leaves.Sort((a, b) => a.Id.CompareTo(b.Id));
        var empty = new byte[RollupFormat.Depth + 1][];
        empty[0] = new byte[32];
        for (var h = 1; h <= RollupFormat.Depth; h++)
        {
            empty[h] = Keccak.Node(empty[h - 1], empty[h - 1]);
        }

        return Subtree(leaves, 0, leaves.Count, RollupFormat.Depth, empty);
    }

    // leaves[lo..hi) all lie under one node of the given height and are sorted by id.
    private static byte[] Subtree(List<(uint Id, byte[] Leaf)> leaves, int lo, int hi, int height, byte[][] empty)
    {
        if (lo == hi)
        {
            return empty[height];
        }

        if (height == 0)
        {
            return leaves[lo].Leaf;
        }

        var mid = lo;
        while (mid < hi && ((leaves[mid].Id >> (height - 1)) & 1) == 0)
        {
            mid++;
        }

        return Keccak.Node(Subtree(leaves, lo, mid, height - 1, empty), Subtree(leaves, mid, hi, height - 1, empty));
    }
}
