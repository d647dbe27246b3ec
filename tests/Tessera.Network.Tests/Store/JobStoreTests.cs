using Tessera.Network.Scheduling;
using Tessera.Network.Store;
using Tessera.Network.Tests.Scheduling;

namespace Tessera.Network.Tests.Store;

public sealed class JobStoreTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"tessera-store-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }
    }

    [Fact]
    public void ARestartedOwnerResumesWithoutReprovingVerifiedSegments()
    {
        var job = JobId.New();
        var clock = new ManualClock();
        var segments = Enumerable.Range(0, 4).Select(i => new StoredSegment(16, [(byte)i])).ToArray();
        var prover = NodeId.Synthetic(7);
        using (var store = JobStore.Open(path))
        {
            store.CreateJob(job, SchedulingPolicy.Replicate(2), segments, clock.Now);
            store.RecordAssignment(new TaskId(job, 1), prover, 11, clock.Now);
            Assert.True(store.RecordVerified(new TaskId(job, 1), new VerifiedResult(prover, 11, [0xAA]), clock.Now));
            Assert.True(store.RecordVerified(new TaskId(job, 3), new VerifiedResult(prover, 12, [0xBB]), clock.Now));
            Assert.False(store.RecordVerified(new TaskId(job, 3), new VerifiedResult(NodeId.Synthetic(8), 13, [0xCC]), clock.Now));
            store.Save(prover, Reputation.Stranger.WithValid());
        }

        // "Killed": nothing but the file survives.
        using (var store = JobStore.Open(path))
        {
            Assert.Equal([job], store.OpenJobs());
            var stored = Assert.IsType<StoredJob>(store.LoadJob(job));
            Assert.Equal(SchedulingPolicy.Replicate(2), stored.Policy);
            Assert.Equal([0, 1, 2, 3], stored.Segments.Select(s => (int)s.Claim[0]));
            Assert.Equal([1, 3], stored.Verified.Keys.Order());
            Assert.Equal([0xBB], stored.Verified[3].Result);
            Assert.Equal(prover, store.AssigneeOf(new TaskId(job, 1), 11));
            Assert.Null(store.AssigneeOf(new TaskId(job, 1), 12));
            Assert.Equal(1, store.Load(prover).Valid);

            var scheduler = new SegmentScheduler(clock, store);
            scheduler.OnNodeJoined(new NodeInfo(prover, 20, 4, 1 << 14));
            var spec = new JobSpec(job, stored.Segments.Select(s => s.Po2).ToArray(), stored.Policy, stored.Verified.Keys.ToHashSet());
            var assigned = scheduler.OnJobSubmitted(spec).OfType<AssignTask>().Select(a => a.Task.Segment).Distinct().Order();
            Assert.Equal([0, 2], assigned);

            store.CompleteJob(job, clock.Now);
            Assert.Empty(store.OpenJobs());
            Assert.True(store.LoadJob(job)!.Completed);
        }
    }
}
