using System.Buffers.Binary;

using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Tessera.Rollup;

/// <summary>Parameters of a generated block.</summary>
/// <param name="Accounts">Accounts with keys in the pre-state (at random ids).</param>
/// <param name="Transfers">Transfers in the block, the invalid ones included.</param>
/// <param name="Invalid">How many transfers are made invalid, cycling through bad signature, replayed nonce and overdraft.</param>
/// <param name="Seed">Seed of every random choice: the same options give the same bytes.</param>
/// <param name="ChainId">Chain id in the header and in every signed message.</param>
/// <param name="CheckSignatures">
/// False makes the block for the guest built with -DTSR_NO_SIG: its witnesses then follow a
/// transition in which badly signed transfers are accepted (the two guests disagree on such a block).
/// </param>
public sealed record BlockOptions(int Accounts, int Transfers, int Invalid = 0, int Seed = 1, uint ChainId = 1, bool CheckSignatures = true);

/// <summary>A generated block with what the guest must commit for it.</summary>
/// <param name="Bytes">The block, as the guest reads it.</param>
/// <param name="ChainId">Chain id of the block.</param>
/// <param name="PreState">Accounts before the block.</param>
/// <param name="Transfers">The transfers, in order.</param>
/// <param name="Kinds">What was done to each transfer.</param>
/// <param name="Expected">The journal the guest must commit, computed by <see cref="ReferenceTransition"/> (with or without signature checks, as the options say).</param>
public sealed record GeneratedBlock(
    byte[] Bytes,
    uint ChainId,
    IReadOnlyDictionary<uint, Account> PreState,
    IReadOnlyList<Transfer> Transfers,
    IReadOnlyList<InvalidKind> Kinds,
    RollupJournal Expected);

/// <summary>Makes blocks for the rollup guest: a random keyed pre-state, signed transfers, some made invalid on request, and the witnesses.</summary>
public static class BlockGenerator
{
    private static readonly InvalidKind[] Cycle = [InvalidKind.BadSignature, InvalidKind.ReplayedNonce, InvalidKind.Overdraft];

    /// <summary>Generates a block and its expected journals.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Counts are negative, there is no account, or more invalid transfers than transfers.</exception>
    public static GeneratedBlock Generate(BlockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Accounts, 1, nameof(options.Accounts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Accounts, 1 << 20, nameof(options.Accounts));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Transfers, nameof(options.Transfers));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Invalid, nameof(options.Invalid));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Invalid, options.Transfers, nameof(options.Invalid));

        var rng = new Random(options.Seed);
        var chainId = options.ChainId;
        var idSpace = 1 << RollupFormat.Depth;

        // Pre-state: keyed accounts at distinct random ids.
        var keys = new Dictionary<uint, byte[]>();
        var state = new Dictionary<uint, Account>();
        var ids = new List<uint>();
        while (ids.Count < options.Accounts)
        {
            var id = (uint)rng.Next(idSpace);
            if (keys.ContainsKey(id))
            {
                continue;
            }

            var sk = new byte[32];
            rng.NextBytes(sk);
            var pk = new byte[32];
            Ed25519.GeneratePublicKey(sk, 0, pk, 0);
            keys[id] = sk;
            state[id] = new Account((ulong)rng.NextInt64(1_000_000, 1_000_000_000), (ulong)rng.Next(4), pk);
            ids.Add(id);
        }

        var preState = new Dictionary<uint, Account>(state);
        var tree = new SparseMerkleTree();
        foreach (var (id, a) in state)
        {
            tree.SetLeaf(id, a.LeafHash());
        }

        var invalidAt = new HashSet<int>();
        while (invalidAt.Count < options.Invalid)
        {
            invalidAt.Add(rng.Next(options.Transfers));
        }

        var block = new byte[RollupFormat.BlockSize(options.Transfers)];
        WriteHeader(block, chainId, tree.Root, options.Transfers);
        var transfers = new List<Transfer>(options.Transfers);
        var kinds = new List<InvalidKind>(options.Transfers);
        var acceptedSoFar = new List<Transfer>();
        var invalidSeen = 0;
        for (var i = 0; i < options.Transfers; i++)
        {
            var kind = invalidAt.Contains(i) ? Cycle[invalidSeen++ % Cycle.Length] : InvalidKind.None;
            var t = MakeTransfer(rng, kind, ids, keys, state, acceptedSoFar, chainId, idSpace);
            transfers.Add(t);
            kinds.Add(kind);

            var entry = block.AsSpan((int)RollupFormat.EntryOffset(i), RollupFormat.EntrySize);
            t.Encode(entry);
            var sender = Get(state, t.From);
            sender.Encode(entry[Transfer.Size..]);
            tree.Siblings(t.From, entry[(Transfer.Size + Account.Size)..]);

            // The generator's own bookkeeping of the rules; the expected journal comes from ReferenceTransition.
            var debit = (UInt128)t.Amount + t.Fee;
            var ok = (kind != InvalidKind.BadSignature || !options.CheckSignatures) && t.Nonce == sender.Nonce && debit <= sender.Balance;
            if (ok)
            {
                state[t.From] = sender with { Balance = sender.Balance - (ulong)debit, Nonce = sender.Nonce + 1 };
                tree.SetLeaf(t.From, state[t.From].LeafHash());
            }

            var receiver = Get(state, t.To);
            var rw = entry[(Transfer.Size + RollupFormat.WitnessSize)..];
            receiver.Encode(rw);
            tree.Siblings(t.To, rw[Account.Size..]);
            if (ok && (UInt128)receiver.Balance + t.Amount <= ulong.MaxValue)
            {
                state[t.To] = receiver with { Balance = receiver.Balance + t.Amount };
                tree.SetLeaf(t.To, state[t.To].LeafHash());
                acceptedSoFar.Add(t);
            }
            else if (ok)
            {
                state[t.From] = sender; // the credit failed: the debit is dropped too
                tree.SetLeaf(t.From, sender.LeafHash());
            }
        }

        var expected = ReferenceTransition.Apply(chainId, preState, transfers, options.CheckSignatures);
        return new GeneratedBlock(block, chainId, preState, transfers, kinds, expected);
    }

    private static void WriteHeader(Span<byte> b, uint chainId, byte[] preRoot, int count)
    {
        RollupFormat.Magic.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], RollupFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(b[8..], chainId);
        BinaryPrimitives.WriteUInt32LittleEndian(b[12..], RollupFormat.Depth);
        preRoot.CopyTo(b[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[48..], (uint)count);
    }

    private static Account Get(Dictionary<uint, Account> state, uint id) =>
        state.TryGetValue(id, out var a) ? a : Account.Empty;

    private static Transfer MakeTransfer(
        Random rng, InvalidKind kind, List<uint> ids, Dictionary<uint, byte[]> keys, Dictionary<uint, Account> state,
        List<Transfer> accepted, uint chainId, int idSpace)
    {
        if (kind == InvalidKind.ReplayedNonce && accepted.Count > 0)
        {
            return accepted[rng.Next(accepted.Count)]; // the very same bytes, sent again
        }

        var from = ids[rng.Next(ids.Count)];
        // Mostly keyed accounts; now and then a fresh id, which the credit creates.
        var to = rng.Next(20) == 0 ? (uint)rng.Next(idSpace) : ids[rng.Next(ids.Count)];
        var sender = state[from];
        var fee = (ulong)rng.Next(101);
        var spendable = sender.Balance > fee ? sender.Balance - fee : 0;
        if (spendable == 0)
        {
            fee = 0;
            spendable = sender.Balance;
        }

        var amount = (ulong)rng.NextInt64(0, (long)Math.Min(spendable / 4, long.MaxValue - 1) + 1);
        var nonce = sender.Nonce;
        var signedAmount = amount;
        switch (kind)
        {
            case InvalidKind.BadSignature:
                signedAmount = amount + 1;
                break;
            case InvalidKind.ReplayedNonce:
                // No transfer accepted yet in this block: reuse a nonce spent before it (or, for a
                // fresh account, one from the future, which fails the same check).
                nonce = sender.Nonce > 0 ? sender.Nonce - 1 : sender.Nonce + 1;
                break;
            case InvalidKind.Overdraft:
                amount = sender.Balance - fee + 1;
                signedAmount = amount;
                break;
            case InvalidKind.None:
            default:
                break;
        }

        var m = Transfer.SigningMessage(chainId, from, to, signedAmount, fee, nonce);
        var sig = new byte[64];
        Ed25519.Sign(keys[from], 0, m, 0, m.Length, sig, 0);
        return new Transfer(from, to, amount, fee, nonce, sig);
    }
}
