using Tessera.Field;
using Tessera.Stark.Prover;

namespace Tessera.Stark.Tests;

public sealed class BufferPoolTests
{
    private static readonly int Big = BufferPool<BabyBear>.MinPooledLength;

    [Fact]
    public void A_returned_array_is_not_handed_out_for_another_length()
    {
        var pool = new BufferPool<BabyBear>();
        pool.OpenGeneration();
        var a = pool.Rent(Big);
        pool.Return(a);
        Assert.Equal((long)Big * sizeof(uint), pool.RetainedBytes);
        pool.OpenGeneration();
        Assert.NotSame(a, pool.Rent(2 * Big));
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void The_next_proof_of_the_same_shape_reuses_every_buffer()
    {
        var pool = new BufferPool<BabyBear>();
        pool.OpenGeneration();
        var first = new[] { pool.Rent(Big), pool.Rent(Big), pool.Rent(2 * Big) };
        foreach (var a in first)
        {
            pool.Return(a);
        }

        pool.OpenGeneration();
        var second = new[] { pool.Rent(Big), pool.Rent(Big), pool.Rent(2 * Big) };
        Assert.Equal(first.ToHashSet(ReferenceEqualityComparer.Instance), second.ToHashSet(ReferenceEqualityComparer.Instance));
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void A_miss_drops_buffers_the_current_proof_has_not_taken()
    {
        var pool = new BufferPool<BabyBear>();
        pool.OpenGeneration();
        var keep = pool.Rent(Big);
        var stale = pool.Rent(3 * Big);
        pool.Return(keep);
        pool.Return(stale);
        pool.OpenGeneration();
        Assert.Same(keep, pool.Rent(Big));
        _ = pool.Rent(4 * Big);
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Retaining_across_shapes_keeps_the_other_shapes_buffers()
    {
        var pool = new BufferPool<BabyBear> { RetainAcrossShapes = true };
        pool.OpenGeneration();
        var a = pool.Rent(3 * Big);
        pool.Return(a);
        pool.OpenGeneration();
        var b = pool.Rent(4 * Big); // a miss: the other shape's array stays
        pool.Return(b);
        pool.OpenGeneration();
        Assert.Same(a, pool.Rent(3 * Big));
        Assert.Same(b, pool.Rent(4 * Big));
    }

    [Fact]
    public void Dropping_a_large_working_set_frees_it_with_a_full_collection()
    {
        var pool = new BufferPool<BabyBear>();
        var length = (int)(BufferPool<BabyBear>.CollectAfterDroppingBytes / sizeof(uint));
        pool.OpenGeneration();
        pool.Return(pool.Rent(length));
        pool.OpenGeneration();
        var collections = GC.CollectionCount(GC.MaxGeneration);
        _ = pool.Rent(Big);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > collections, "no full collection after dropping 64 MB");
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void A_proof_after_a_large_one_starts_with_a_full_collection_and_one_after_a_small_one_does_not()
    {
        var pool = new BufferPool<BabyBear>();
        var length = (int)(BufferPool<BabyBear>.CollectAfterDroppingBytes / sizeof(uint));
        pool.OpenGeneration();
        pool.Return(pool.Rent(length - 1));
        Assert.False(pool.CollectGarbageBeforeAProof());
        pool.OpenGeneration();
        pool.Return(pool.Rent(length));
        var collections = GC.CollectionCount(GC.MaxGeneration);
        Assert.True(pool.CollectGarbageBeforeAProof());
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > collections, "no full collection with 64 MB retained");
        Assert.Equal((long)length * sizeof(uint), pool.RetainedBytes);
    }

    [Fact]
    public void Small_arrays_and_double_returns_are_not_pooled_twice()
    {
        var pool = new BufferPool<BabyBear>();
        pool.OpenGeneration();
        pool.Return(new BabyBear[Big - 1]);
        Assert.Equal(0, pool.RetainedBytes);
        var a = pool.Rent(Big);
        pool.Return(a);
        pool.Return(a);
        Assert.Equal((long)Big * sizeof(uint), pool.RetainedBytes);
        pool.Clear();
        Assert.Equal(0, pool.RetainedBytes);
    }

    [Fact]
    public void Proofs_made_back_to_back_from_pooled_buffers_are_identical()
    {
        // Dirty reused buffers must not leak into the next proof: same witness, same bytes.
        var machine = new Machine(new Synthetic.SyntheticAir(), new Synthetic.U16TableAir());
        var (main, table) = Synthetic.SyntheticAir.Witness(14, 3);
        var a = Proofs.ProofCodec.Encode(StarkProver.Prove(machine, [main, table], debugCheck: false));
        var b = Proofs.ProofCodec.Encode(StarkProver.Prove(machine, [main, table], debugCheck: false));
        Assert.Equal(a, b);
    }
}
