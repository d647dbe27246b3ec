using Microsoft.Extensions.Logging.Abstractions;

using Tessera.Circuit;
using Tessera.Network.Identity;
using Tessera.Network.Node;
using Tessera.Network.Owner;
using Tessera.Network.Protocol;
using Tessera.Network.Scheduling;
using Tessera.Network.Store;
using Tessera.Network.Tests.Owner;
using Tessera.Network.Transport;
using Tessera.Network.Work;
using Tessera.Stark.Fri;
using Tessera.Vm.Elf;
using Tessera.Vm.Segments;
using Tessera.Zkvm;

using Xunit.Abstractions;

namespace Tessera.Network.Tests.Receipts;

/// <summary>
/// Real rv32im proving over the network: nodes prove segment tasks into bound segment receipts, the
/// owner verifies each against the claim its own execution expects, and the receipt assembled from
/// the verified results verifies against the image ID. Cheating nodes are caught, not counted.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class ReceiptJobTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Po2 = 13;
    private static readonly ProofParameters Parameters = ProofParameters.Test;
    private readonly InProcessTransport transport = new();
    private readonly JobStore store = JobStore.Open(":memory:");
    private readonly List<(CancellationTokenSource Stop, Task Run)> nodes = [];
    private readonly Dictionary<NodeId, string> kinds = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (stop, run) in nodes)
        {
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }
        }

        store.Dispose();
    }

    [Fact]
    public async Task Real_prover_nodes_prove_a_guest_and_the_assembled_receipt_verifies_while_cheats_are_caught()
    {
        var (elf, circuit, records, report) = Run("sort", 800);
        Assert.True(records.Count >= 3);
        var honest = new ReceiptWork(Parameters);
        AddNode("honest", honest);
        AddNode("honest", honest);
        AddNode("thief", new Rebound(honest));
        AddNode("forger", new Forged(honest));

        var job = new SegmentJob(JobId.New(), SchedulingPolicy.Adaptive, [.. records.Select(r => SegmentTasks.Spec(circuit, r))]);
        var outcome = await OwnAsync(circuit, job);
        output.WriteLine(outcome.Report.ToString());

        Assert.All(outcome.Results, r => Assert.Equal("honest", kinds[r.Prover]));
        foreach (var (node, offences) in outcome.Report.Offences)
        {
            var expected = kinds[node] switch
            {
                "thief" => Offence.Replayed,
                "forger" => Offence.Invalid,
                _ => Offence.Late,
            };
            // Beside its cheat, a node may only be timed out: on a loaded machine (CI runs the test
            // projects side by side) an in-process node's heartbeats can lag past the timeout.
            Assert.All(offences, o => Assert.True(o == expected || o is Offence.Late or Offence.Silent, $"{kinds[node]} node: {o}"));
        }

        var receipt = SegmentTasks.Assemble(circuit, outcome, report.Journal);
        var verified = receipt.Verify(ImageId.Of(elf), Parameters);
        Assert.Equal(report.Journal, verified.Journal);
        Assert.Equal(report.Segments, verified.Segments);
        Assert.All(receipt.Segments, s => Assert.NotEqual(default, s.Context));
    }

    [Fact]
    public async Task A_node_declines_a_hostile_payload_and_the_owner_refuses_hostile_results()
    {
        var (_, circuit, records, _) = Run("sort", 800);
        var work = new ReceiptWork(Parameters);
        var binding = new WorkBinding(new TaskId(JobId.New(), 1), 42, NodeKey.Generate().Id);
        var payload = SegmentTasks.Payload(circuit, records[1]);
        foreach (var bad in new[] { [], payload[..20], payload[..^1], [.. payload, 0], Flip(payload, 5), Flip(payload, 10) })
        {
            await Assert.ThrowsAsync<InvalidTaskPayloadException>(() => work.ProveAsync(bad, binding, new Progress<double>(), CancellationToken.None));
        }

        var verifier = new ReceiptVerifier(circuit, Parameters);
        var claim = ReceiptCodec.EncodeClaim(ReceiptClaim.Of(records[1]));
        var result = await work.ProveAsync(payload, binding, new Progress<double>(), CancellationToken.None);
        Assert.Equal(Verification.Ok, verifier.Verify(binding, claim, result));
        Assert.Equal(ResultVerdict.Invalid, verifier.Verify(binding, claim, result.AsSpan(0, result.Length / 2)).Verdict);
        Assert.Equal(ResultVerdict.Invalid, verifier.Verify(binding, claim, Flip(result, result.Length - 200)).Verdict);
        Assert.Equal(ResultVerdict.Foreign, verifier.Verify(binding, ReceiptCodec.EncodeClaim(ReceiptClaim.Of(records[2])), result).Verdict);
        Assert.Equal(ResultVerdict.Replayed, verifier.Verify(binding with { Nonce = 43 }, claim, result).Verdict);
        Assert.Equal(ResultVerdict.Replayed, verifier.Verify(binding with { Prover = NodeKey.Generate().Id }, claim, result).Verdict);

        // A receipt re-labelled with this assignment's context, its seal made for another, fails the seal.
        var relabelled = ReceiptCodec.DecodeSegment(result) with { Context = ProofContext.Of((binding with { Nonce = 7 }).ToBytes()) };
        Assert.Equal(ResultVerdict.Invalid, verifier.Verify(binding with { Nonce = 7 }, claim, ReceiptCodec.EncodeSegment(relabelled)).Verdict);
    }

    private static byte[] Flip(byte[] b, int at)
    {
        var c = b.ToArray();
        c[at] ^= 0x40;
        return c;
    }

    private static (ElfProgram Elf, Rv32imCircuit Circuit, List<SegmentRecord> Records, ExecutionReport Report) Run(string guest, int bytes)
    {
        var elf = ElfProgram.Load(Path.Combine(Repo.Root(), "guest", "examples", "bin", guest + ".elf"));
        var input = new byte[bytes];
        new Random(bytes).NextBytes(input);
        var records = new List<SegmentRecord>();
        var report = Executor.Run(elf, input, new ExecutionOptions { Po2 = Po2, KeepRecords = true }, records.Add);
        return (elf, Rv32imCircuit.For(elf), records, report);
    }

    private void AddNode(string kind, ISegmentWork work)
    {
        var key = NodeKey.Generate();
        var options = new ProverNodeOptions
        {
            MaxPo2 = Po2,
            Workers = 1,
            ProvingHz = 4096,
            AdvertEvery = TimeSpan.FromMilliseconds(150),
            HeartbeatEvery = TimeSpan.FromMilliseconds(100),
        };
        var node = new ProverNode(new Peer(key, transport, TimeProvider.System, NullLogger.Instance), work, options, TimeProvider.System, NullLogger.Instance);
        var stop = new CancellationTokenSource();
        nodes.Add((stop, Task.Run(() => node.RunAsync(stop.Token))));
        kinds[key.Id] = kind;
    }

    private async Task<JobOutcome> OwnAsync(Rv32imCircuit circuit, SegmentJob job)
    {
        var scheduling = new SchedulerOptions { HeartbeatTimeout = TimeSpan.FromSeconds(5), NodeTimeout = TimeSpan.FromSeconds(10), LateFactor = 4 };
        var owner = new JobOwner(new Peer(NodeKey.Generate(), transport, TimeProvider.System, NullLogger.Instance), new ReceiptVerifier(circuit, Parameters),
            store, TimeProvider.System, new TestLogger(output), scheduling);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        return await owner.RunAsync(job, cancellation: limit.Token);
    }

    /// <summary>A node that proves honestly for another assignment (another nonce) and hands that in: a replay.</summary>
    private sealed class Rebound(ISegmentWork inner) : ISegmentWork
    {
        public Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation) =>
            inner.ProveAsync(payload, binding with { Nonce = binding.Nonce ^ 1 }, progress, cancellation);
    }

    /// <summary>A node that proves honestly, then flips a seal byte (a "cheaper" proof).</summary>
    private sealed class Forged(ISegmentWork inner) : ISegmentWork
    {
        public async Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation)
        {
            var result = await inner.ProveAsync(payload, binding, progress, cancellation);
            result[^300] ^= 1;
            return result;
        }
    }
}
