using Tessera.Network.Work;

namespace Tessera.Network.Tests.Work;

public sealed class DrillWorkTests
{
    [Theory]
    [InlineData("garbage", Drill.Garbage, 10)]
    [InlineData("other-segment", Drill.OtherSegment, 10)]
    [InlineData("old-assignment", Drill.OldAssignment, 10)]
    [InlineData("other-job", Drill.OtherJob, 10)]
    [InlineData("silent", Drill.Silent, 10)]
    [InlineData("slow", Drill.Slow, 10)]
    [InlineData("slow:2.5", Drill.Slow, 2.5)]
    public void A_drill_is_parsed_from_its_name(string text, Drill drill, double factor) =>
        Assert.Equal((drill, factor), DrillWork.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("lie")]
    [InlineData("slow:0.5")]
    [InlineData("slow:x")]
    [InlineData("garbage:3")]
    public void Anything_else_is_refused(string text) => Assert.Throws<FormatException>(() => DrillWork.Parse(text));

    [Fact]
    public async Task Each_drill_misbehaves_as_named()
    {
        var honest = new Echo();
        var binding = new WorkBinding(new TaskId(JobId.New(), 3), 42, default);
        var progress = new Progress<double>();
        Assert.NotEqual(Echo.Of(binding), await new DrillWork(honest, Drill.Garbage).ProveAsync(new byte[] { 1 }, binding, progress, default));
        Assert.Equal(Echo.Of(binding with { Nonce = 42 ^ 0x5EED }),
            await new DrillWork(honest, Drill.OldAssignment).ProveAsync(new byte[] { 1 }, binding, progress, default));

        // Another job's binding: the same segment, nonce and prover, bound to a job that is not this one.
        var elsewhere = await new DrillWork(honest, Drill.OtherJob).ProveAsync(new byte[] { 1 }, binding, progress, default);
        Assert.NotEqual(binding.Task.Job.ToBytes(), elsewhere[..JobId.ByteLength]);
        Assert.Equal(Echo.Of(binding)[JobId.ByteLength..], elsewhere[JobId.ByteLength..]);

        var thief = new DrillWork(honest, Drill.OtherSegment);
        var first = await thief.ProveAsync(new byte[] { 1 }, binding, progress, default);
        Assert.Equal(Echo.Of(binding), first);
        Assert.Equal(first, await thief.ProveAsync(new byte[] { 2 }, binding with { Task = binding.Task with { Segment = 4 } }, progress, default));

        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DrillWork(honest, Drill.Silent).ProveAsync(new byte[] { 1 }, binding, progress, stop.Token));

        var slow = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(Echo.Of(binding), await new DrillWork(new Echo(TimeSpan.FromMilliseconds(50)), Drill.Slow, 4).ProveAsync(new byte[] { 1 }, binding, progress, default));
        Assert.True(slow.Elapsed >= TimeSpan.FromMilliseconds(190), $"{slow.Elapsed}");
    }

    /// <summary>Honest stand-in work: the result is the binding's bytes, after a delay.</summary>
    private sealed class Echo(TimeSpan delay = default) : ISegmentWork
    {
        public static byte[] Of(WorkBinding b) => b.ToBytes();

        public async Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation)
        {
            await Task.Delay(delay, cancellation);
            return Of(binding);
        }
    }
}
