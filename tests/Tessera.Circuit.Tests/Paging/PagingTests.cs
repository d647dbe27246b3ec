using Tessera.Circuit.Paging;
using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;
using Tessera.Stark.Debugging;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Stark.Verifier;
using Tessera.Vm;

using Xunit.Abstractions;

using static Tessera.Circuit.Tests.Poseidon2Fixtures;

namespace Tessera.Circuit.Tests.Paging;

public sealed class PagingTests(ITestOutputHelper output)
{
    private static MemoryBoundary Honest => PagingFixture.Honest;

    [Fact]
    public void An_honest_segment_boundary_proves_and_verifies()
    {
        var (m, w) = PagingFixture.Build(Honest);
        DebugChecker.Check(m, w);
        for (var t = 0; t < m.Tables.Count; t++)
        {
            output.WriteLine($"{m.Tables[t].Name}: {w[t].Main.Width} columns (+{m.Tables[t].AuxWidth} extension aux) × {w[t].Main.Height} rows");
        }

        output.WriteLine($"{Honest.Record.Pages.Length} pages, {Honest.Record.WrittenPages.Length} written, {Honest.Record.Proof.Length} siblings");
        var proof = StarkProver.Prove(m, w, Fast);
        StarkVerifier.Verify(m, Publics(w), proof, Poseidon2Fixtures.Fast);
    }

    [Fact]
    public void The_tables_and_witness_agree_on_shape()
    {
        var airs = PagingTables.Airs(PagingFixture.Layout);
        var w = PagingTables.Witness(Honest, new Lookups.ByteCounts(), new Lookups.Permutations());
        Assert.Equal(airs.Length, w.Length);
        for (var i = 0; i < airs.Length; i++)
        {
            Assert.Equal(airs[i].Width, w[i].Main.Width);
            Assert.True(int.IsPow2(w[i].Main.Height));
        }

        var chunks = PagingFixture.Layout.PageBytes / PageColumns.Bytes;
        Assert.Equal(Honest.Record.Pages.Length * chunks, Count(w[0].Main, PageColumns.Real));
        Assert.Equal(8, w[2].Main.Height);
    }

    public static TheoryData<string> Forgeries() => [.. Forged.Keys];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void A_forged_boundary_is_refused_before_proving(string forgery) =>
        Assert.Throws<InvalidSegmentException>(() => PagingTables.Validate(Forged[forgery]()));

    [Fact]
    public void A_forged_page_in_misses_the_pre_state_digest() => Rejected(ForgedPageIn(), Unbalances(Buses.State));

    [Fact]
    public void A_page_out_into_the_wrong_root_misses_the_post_state_digest() => Rejected(WrongPageOut(), Unbalances(Buses.State));

    [Fact]
    public void A_wrong_sibling_misses_the_pre_state_digest() => Rejected(WrongSibling(), Unbalances(Buses.State));

    [Fact]
    public void A_duplicated_page_breaks_the_ascending_order() => Rejected(DuplicatedPage(), FailsConstraint("pages strictly ascend"));

    [Fact]
    public void A_page_below_the_guest_base_is_refused() => Rejected(PageBelowBase(), FailsConstraint("the page is at or above the guest base"));

    [Fact]
    public void A_nonzero_x0_is_refused() => Rejected(NonzeroX0(), FailsConstraint("x0 is zero"));

    [Fact]
    public void A_changed_register_misses_the_pre_state_digest() => Rejected(ChangedRegister(), Unbalances(Buses.State));

    [Fact]
    public void A_changed_pc_in_the_state_tuple_unbalances_the_state_bus() =>
        Rejected(Honest, Unbalances(Buses.State), pc => pc + 4);

    [Fact]
    public void A_merkle_row_cannot_pass_a_leaf_off_as_a_sibling()
    {
        // An unchanged page's leaf (pre = post, so the sibling constraint holds) left unreceived.
        var (m, w) = PagingFixture.Build(Honest);
        var t = w[1].Main;
        var leafParents = 1 << (PagingFixture.Layout.Depth - 1);
        var row = Enumerable.Range(0, t.Height).First(r =>
            t[r, MerkleColumns.LeftOnPath] == BabyBear.One && t[r, MerkleColumns.Id].ToCanonical() >= leafParents
            && Enumerable.Range(0, 8).All(k => t[r, MerkleColumns.LeftPre[k]] == t[r, MerkleColumns.LeftPost[k]]));
        t[row, MerkleColumns.LeftOnPath] = BabyBear.Zero;
        RejectedWitness(m, w, Unbalances(PagingTables.MerkleBus));
    }

    [Fact]
    public void A_second_root_row_unbalances_the_tree()
    {
        // The root row copied into a padding row: its id is sent twice but received once.
        var (m, w) = PagingFixture.Build(Honest);
        var t = w[1].Main;
        var root = Enumerable.Range(0, t.Height).First(r => t[r, MerkleColumns.Id] == BabyBear.One);
        var padding = Enumerable.Range(0, t.Height).First(r => t[r, MerkleColumns.Real] == BabyBear.Zero);
        t.Row(root).CopyTo(t.Row(padding));
        // Its byte and Poseidon2 lookups are not counted either: any of those buses may show it first.
        RejectedWitness(m, w, e => Assert.IsType<BusImbalanceException>(e));
    }

    private static readonly Dictionary<string, Func<MemoryBoundary>> Forged = new()
    {
        ["forged page-in"] = ForgedPageIn,
        ["wrong page-out"] = WrongPageOut,
        ["wrong sibling"] = WrongSibling,
        ["duplicated page"] = DuplicatedPage,
        ["page below base"] = PageBelowBase,
        ["nonzero x0"] = NonzeroX0,
        ["changed register"] = ChangedRegister,
    };

    private static void Rejected(MemoryBoundary forged, Action<TraceCheckException> expect, Func<uint, uint>? claimPrePc = null)
    {
        var (m, w) = PagingFixture.Build(forged, validate: false, claimPrePc: claimPrePc);
        RejectedWitness(m, w, expect);
    }

    private static void RejectedWitness(Stark.Machine m, TableWitness[] w, Action<TraceCheckException> expect)
    {
        expect(Assert.ThrowsAny<TraceCheckException>(() => DebugChecker.Check(m, w)));
        var proof = StarkProver.Prove(m, w, Fast, debugCheck: false);
        Assert.Throws<VerificationFailedException>(() => StarkVerifier.Verify(m, Publics(w), proof, Poseidon2Fixtures.Fast));
    }

    private static Action<TraceCheckException> FailsConstraint(string name) =>
        e => Assert.Equal(name, Assert.IsType<ConstraintViolationException>(e).ConstraintName);

    private static Action<TraceCheckException> Unbalances(string bus) =>
        e => Assert.Equal(bus, Assert.IsType<BusImbalanceException>(e).Bus);

    private static int Count(Trace t, int column) => Enumerable.Range(0, t.Height).Count(r => t[r, column] == BabyBear.One);

    /// <summary>A word the segment leaves alone, paged in with a flipped bit (and so paged out the same).</summary>
    private static MemoryBoundary ForgedPageIn()
    {
        var k = Array.IndexOf(Honest.FinalWordTs, 0u);
        var data = (byte[])Honest.Record.PageData.Clone();
        var words = (uint[])Honest.FinalWords.Clone();
        data[4 * k] ^= 1;
        words[k] ^= 1;
        return Honest with { Record = Honest.Record with { PageData = data }, FinalWords = words };
    }

    /// <summary>A word the segment writes, paged out with another value than the post-state's.</summary>
    private static MemoryBoundary WrongPageOut()
    {
        var k = Array.FindIndex(Honest.FinalWordTs, ts => ts != 0);
        Assert.True(k >= 0, "the segment writes no word");
        var words = (uint[])Honest.FinalWords.Clone();
        words[k] ^= 0x100;
        return Honest with { FinalWords = words };
    }

    private static MemoryBoundary WrongSibling()
    {
        var proof = (Digest[])Honest.Record.Proof.Clone();
        var d = proof[0].ToArray();
        d[0] += BabyBear.One;
        proof[0] = new Digest(d);
        return Honest with { Record = Honest.Record with { Proof = proof } };
    }

    /// <summary>The first page paged in twice (the copy left untouched).</summary>
    private static MemoryBoundary DuplicatedPage()
    {
        var r = Honest.Record;
        var bytes = PagingFixture.Layout.PageBytes;
        var words = bytes / 4;
        var initialWords = Enumerable.Range(0, words).Select(i => BitConverter.ToUInt32(r.PageData, 4 * i)).ToArray();
        return Honest with
        {
            Record = r with
            {
                Pages = [r.Pages[0], .. r.Pages],
                PageData = [.. r.PageData.AsSpan(0, bytes), .. r.PageData],
            },
            FinalWords = [.. initialWords, .. Honest.FinalWords],
            FinalWordTs = [.. new uint[words], .. Honest.FinalWordTs],
        };
    }

    /// <summary>Page 0 (all zero, below MemoryMap.Base) added with a multi-proof that holds against the real root.</summary>
    private static MemoryBoundary PageBelowBase()
    {
        var r = Honest.Record;
        var layout = PagingFixture.Layout;
        var words = layout.PageBytes / 4;
        uint[] pages = [0, .. r.Pages];
        var old = PagingFixture.SiblingIds(r.Pages, layout.Depth)
            .Select((id, i) => (id, i)).ToDictionary(x => x.id, x => r.Proof[x.i]);
        var proof = PagingFixture.SiblingIds(pages, layout.Depth)
            .Select(id => old.TryGetValue(id, out var d) ? d : PagingFixture.ZeroSubtree(layout, layout.Depth - (63 - (int)long.LeadingZeroCount(id))))
            .ToArray();
        return Honest with
        {
            Record = r with { Pages = pages, PageData = [.. new byte[layout.PageBytes], .. r.PageData], Proof = proof },
            FinalWords = [.. new uint[words], .. Honest.FinalWords],
            FinalWordTs = [.. new uint[words], .. Honest.FinalWordTs],
        };
    }

    private static MemoryBoundary NonzeroX0()
    {
        var pre = (uint[])Honest.Record.Pre.Registers.Clone();
        var final = (uint[])Honest.FinalRegisters.Clone();
        pre[0] = 1;
        final[0] = 1;
        return Honest with { Record = Honest.Record with { Pre = Honest.Record.Pre with { Registers = pre } }, FinalRegisters = final };
    }

    /// <summary>A register the segment does not change, with another pre-state value (kept to the end).</summary>
    private static MemoryBoundary ChangedRegister()
    {
        var r = Array.FindIndex(Honest.FinalRegisterTs, 1, ts => ts == 0);
        Assert.True(r > 0, "the segment changes every register");
        var pre = (uint[])Honest.Record.Pre.Registers.Clone();
        var final = (uint[])Honest.FinalRegisters.Clone();
        pre[r] ^= 1;
        final[r] ^= 1;
        return Honest with { Record = Honest.Record with { Pre = Honest.Record.Pre with { Registers = pre } }, FinalRegisters = final };
    }
}
