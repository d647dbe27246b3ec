using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using Tessera.Network.Identity;
using Tessera.Network.Node;
using Tessera.Network.Owner;
using Tessera.Network.Protocol;
using Tessera.Network.Scheduling;
using Tessera.Network.Store;
using Tessera.Network.Tests.Work;
using Tessera.Network.Transport;

namespace Tessera.Network.Tests.Owner;

/// <summary>An owner and prover nodes on one transport, on the real clock, with short timings.</summary>
internal sealed class Cluster : IAsyncDisposable
{
    public const int Po2 = 10;
    public static readonly TimeSpan ProveTime = TimeSpan.FromMilliseconds(200);

    public static readonly SchedulerOptions Scheduling = new()
    {
        HeartbeatTimeout = TimeSpan.FromMilliseconds(1500),
        NodeTimeout = TimeSpan.FromSeconds(3),

        // Timings of a tenth of a second on a loaded test machine jitter: judge lateness later.
        LateFactor = 3,
        ProgressWarmup = 0.5,
    };

    private static readonly ProverNodeOptions NodeOptions = new()
    {
        MaxPo2 = 12,
        Workers = 1,
        ProvingHz = (1 << Po2) / ProveTime.TotalSeconds,
        AdvertEvery = TimeSpan.FromMilliseconds(150),
        HeartbeatEvery = TimeSpan.FromMilliseconds(50),
    };

    private readonly List<(CancellationTokenSource Stop, Task Run)> nodes = [];
    private readonly Func<string, Task<ITransport>> connect;
    private readonly ILogger logger;
    private JobOwner? owner;

    public Cluster(Func<string, Task<ITransport>> connect, ILogger? logger = null)
    {
        this.connect = connect;
        this.logger = logger ?? NullLogger.Instance;
    }

    public Dictionary<NodeId, Misbehaviour> Kinds { get; } = [];

    public async Task<NodeKey> AddNodeAsync(Misbehaviour how = Misbehaviour.None)
    {
        var key = NodeKey.Generate();
        var transport = await connect("node");
        var node = new ProverNode(new Peer(key, transport, TimeProvider.System, NullLogger.Instance), new BadWork(key, ProveTime, how), NodeOptions, TimeProvider.System, NullLogger.Instance);
        var stop = new CancellationTokenSource();
        nodes.Add((stop, Task.Run(() => node.RunAsync(stop.Token))));
        Kinds[key.Id] = how;
        return key;
    }

    public async Task StopNodeAsync(NodeKey key)
    {
        var i = Kinds.Keys.ToList().IndexOf(key.Id);
        await nodes[i].Stop.CancelAsync();
        await nodes[i].Run;
    }

    public async Task<JobOutcome> RunAsync(SegmentJob job, JobStore store, IProgress<JobProgress>? progress = null, CancellationToken cancellation = default)
    {
        var transport = await connect("owner");
        JobOwner? me = null;
        var verifier = new SignedDigestVerifier(id => me!.PublicKeyOf(id));
        me = owner = new JobOwner(new Peer(NodeKey.Generate(), transport, TimeProvider.System, logger), verifier, store, TimeProvider.System, logger, Scheduling);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(TimeSpan.FromMinutes(2)); // a liveness bound for a loaded machine, not a speed target
        return await me.RunAsync(job, progress, limit.Token);
    }

    public static SegmentJob Job(int segments, SchedulingPolicy? policy = null, JobId? id = null)
    {
        var specs = Enumerable.Range(0, segments).Select(i =>
        {
            var payload = BitConverter.GetBytes(i * 7919);
            return new SegmentSpec(Po2, payload, SignedDigestWork.ClaimOf(payload));
        }).ToArray();
        return new SegmentJob(id ?? JobId.New(), policy ?? SchedulingPolicy.Adaptive, specs);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in nodes)
        {
            await stop.CancelAsync();
        }

        foreach (var (_, run) in nodes)
        {
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
