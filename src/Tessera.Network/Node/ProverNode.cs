using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

using Tessera.Network.Protocol;
using Tessera.Network.Transport;
using Tessera.Network.Work;

namespace Tessera.Network.Node;

/// <summary>
/// A prover node: advertises what it can take, claims offers that fit, proves them with its
/// <see cref="ISegmentWork"/>, reports progress, returns results, and stops on a cancel. Whatever
/// arrives in its inbox, it does not crash: bad messages are dropped and logged.
/// </summary>
public sealed partial class ProverNode(Peer peer, ISegmentWork work, ProverNodeOptions options, TimeProvider clock, ILogger logger)
{
    private readonly ConcurrentDictionary<(TaskId Task, ulong Nonce), Running> running = new();

    /// <summary>The node's id.</summary>
    public NodeId Id => peer.Key.Id;

    /// <summary>Tasks being proven now.</summary>
    public int Busy => running.Count;

    /// <summary>Runs until <paramref name="cancellation"/> fires; then stops its tasks and returns.</summary>
    public async Task RunAsync(CancellationToken cancellation)
    {
        await using var inbox = await peer.Transport.SubscribeAsync(Subjects.Inbox(Id), cancellation).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var speaking = Task.WhenAll(AdvertiseAsync(stop.Token), HeartbeatAsync(stop.Token));
        LogStarted(logger, Id, options.MaxPo2, options.Workers);
        try
        {
            await foreach (var bytes in inbox.Messages.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                try
                {
                    await HandleAsync(bytes, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogHandlerFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var r in running.Values)
            {
                r.Stop();
            }

            try
            {
                await speaking.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            LogStopped(logger, Id);
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellation)
    {
        if (peer.Accept(bytes) is not { } m)
        {
            return;
        }

        switch (m.Body)
        {
            case Offer o:
                await OnOfferAsync(m.Sender, o, cancellation).ConfigureAwait(false);
                break;
            case Cancel c:
                // Only the owner that offered a task can cancel it.
                if (running.TryGetValue((c.Task, c.Nonce), out var r) && r.Owner == m.Sender)
                {
                    r.Stop();
                    LogCancelled(logger, c.Task, c.Reason.ToString());
                }

                break;
            default:
                LogIgnored(logger, m.Body.Kind, m.Sender);
                break;
        }
    }

    private async Task OnOfferAsync(NodeId owner, Offer o, CancellationToken cancellation)
    {
        string? refuse = o.Po2 > options.MaxPo2 ? $"po2 {o.Po2} is above this node's {options.MaxPo2}"
            : running.Count >= options.Workers ? "all workers busy"
            : running.ContainsKey((o.Task, o.Nonce)) ? "already proving it"
            : null;
        if (refuse is not null)
        {
            var busy = o.Po2 <= options.MaxPo2 && running.Count >= options.Workers;
            await peer.SendAsync(new Decline(o.Task, o.Nonce, refuse, busy), owner, cancellation: cancellation).ConfigureAwait(false);
            return;
        }

        var r = new Running(owner, CancellationTokenSource.CreateLinkedTokenSource(cancellation));
        running[(o.Task, o.Nonce)] = r;
        await peer.SendAsync(new Claim(o.Task, o.Nonce), owner, cancellation: cancellation).ConfigureAwait(false);
        LogProving(logger, o.Task, o.Po2, owner);
        _ = Task.Run(() => ProveAsync(owner, o, r), CancellationToken.None);
    }

    private async Task ProveAsync(NodeId owner, Offer o, Running r)
    {
        Message? answer = null;
        try
        {
            var progress = new Progress(r);
            var result = await work.ProveAsync(o.Payload, new WorkBinding(o.Task, o.Nonce, Id), progress, r.Cancel.Token).ConfigureAwait(false);
            answer = new Result(o.Task, o.Nonce, result);
        }
        catch (OperationCanceledException)
        {
        }
        catch (InvalidTaskPayloadException e)
        {
            answer = new Decline(o.Task, o.Nonce, e.Message);
        }
        catch (Exception e)
        {
            LogProveFailed(logger, o.Task, e);
            answer = new Decline(o.Task, o.Nonce, "proving failed");
        }

        // The worker is free before the answer goes out: an owner offers this node its next task
        // the moment the answer arrives, and a node still counting the old one would decline it.
        running.TryRemove((o.Task, o.Nonce), out _);
        LogDone(logger, o.Task, running.Count, options.Workers);
        try
        {
            switch (answer)
            {
                case Result result:
                    await peer.SendAsync(result, owner, cancellation: r.Cancel.Token).ConfigureAwait(false);
                    NetworkMetrics.Proved.Add(1);
                    LogProved(logger, o.Task, result.Payload.Length);
                    break;
                case Decline decline:
                    await peer.SendAsync(decline, owner).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, e);
        }
        finally
        {
            r.Dispose();
        }
    }

    private async Task AdvertiseAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(options.AdvertEvery, clock);
        do
        {
            // One failed send (a server restarting, a connection re-establishing) must not end the
            // adverts: owners would stop hearing a node that is alive and listening.
            await SendOrLogAsync(new Advert(options.MaxPo2, options.Workers, options.ProvingHz), null, Subjects.Adverts, cancellation).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false));
    }

    private async Task HeartbeatAsync(CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(options.HeartbeatEvery, clock);
        while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
        {
            foreach (var group in running.ToArray().GroupBy(kv => kv.Value.Owner))
            {
                var tasks = group.Select(kv => new TaskProgress(kv.Key.Task, kv.Key.Nonce, (float)kv.Value.Progress)).Take(256).ToArray();
                await SendOrLogAsync(new Heartbeat(tasks), group.Key, null, cancellation).ConfigureAwait(false);
            }
        }
    }

    private async Task SendOrLogAsync(Message body, NodeId? to, string? subject, CancellationToken cancellation)
    {
        try
        {
            await peer.SendAsync(body, to, subject, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSendFailed(logger, body.Kind, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} up: po2 <= {MaxPo2}, {Workers} workers")]
    private static partial void LogStarted(ILogger logger, NodeId node, int maxPo2, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} stopped")]
    private static partial void LogStopped(ILogger logger, NodeId node);

    [LoggerMessage(Level = LogLevel.Information, Message = "proving {Task} (po2 {Po2}) for {Owner}")]
    private static partial void LogProving(ILogger logger, TaskId task, int po2, NodeId owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "proved {Task} ({Bytes} bytes)")]
    private static partial void LogProved(ILogger logger, TaskId task, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "done with {Task}: {Busy} of {Workers} workers busy")]
    private static partial void LogDone(ILogger logger, TaskId task, int busy, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped {Task}: {Reason}")]
    private static partial void LogCancelled(ILogger logger, TaskId task, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ignored a {Kind} from {Sender}")]
    private static partial void LogIgnored(ILogger logger, MessageKind kind, NodeId sender);

    [LoggerMessage(Level = LogLevel.Error, Message = "proving {Task} failed")]
    private static partial void LogProveFailed(ILogger logger, TaskId task, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not send a {Kind} ({Reason}); trying again at the next beat")]
    private static partial void LogSendFailed(ILogger logger, MessageKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "a message handler failed; the node carries on")]
    private static partial void LogHandlerFailed(ILogger logger, Exception e);

    /// <summary>A task being proven. Stop and Dispose race (a cancel arrives as the proof ends): the lock orders them.</summary>
    private sealed class Running(NodeId owner, CancellationTokenSource cancel) : IDisposable
    {
        private readonly Lock gate = new();
        private bool disposed;

        public NodeId Owner { get; } = owner;

        public CancellationTokenSource Cancel { get; } = cancel;

        public double Progress { get; set; }

        public void Stop()
        {
            lock (gate)
            {
                if (!disposed)
                {
                    Cancel.Cancel();
                }
            }
        }

        public void Dispose()
        {
            lock (gate)
            {
                disposed = true;
                Cancel.Dispose();
            }
        }
    }

    private sealed class Progress(Running r) : IProgress<double>
    {
        public void Report(double value) => r.Progress = Math.Clamp(value, 0, 1);
    }
}
