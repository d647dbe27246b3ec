using System.Diagnostics;
using System.Security.Cryptography;

namespace Tessera.Network.Work;

/// <summary>How a drill node misbehaves (<see cref="DrillWork"/>).</summary>
public enum Drill
{
    /// <summary>Answers every task with random bytes.</summary>
    Garbage,

    /// <summary>Proves its first task honestly, then answers every later task with that receipt: a valid proof of another segment.</summary>
    OtherSegment,

    /// <summary>Proves each task honestly but for another assignment (the nonce changed): a replayed receipt.</summary>
    OldAssignment,

    /// <summary>
    /// Proves each task honestly but for another job (the job id changed), as a node serving two
    /// owners of the same guest and input might hand one job's receipt in for the other: the claim
    /// is right, the seal is bound to the other job.
    /// </summary>
    OtherJob,

    /// <summary>Takes tasks and never answers (heartbeats go on).</summary>
    Silent,

    /// <summary>Proves honestly, then waits until it has taken <see cref="DrillWork.SlowFactor"/> times as long.</summary>
    Slow,
}

/// <summary>
/// A prover node that misbehaves on purpose, for network drills (<c>tessera node --drill</c>): the
/// owner's verification and scheduling must catch every one of these and still finish the job. It
/// wraps the honest work; nothing it returns is accepted by an honest owner except a slow node's
/// late but valid receipts.
/// </summary>
/// <param name="honest">The real work it starts from.</param>
/// <param name="drill">How it misbehaves.</param>
/// <param name="slowFactor">For <see cref="Drill.Slow"/>: how many times the honest time it takes.</param>
public sealed class DrillWork(ISegmentWork honest, Drill drill, double slowFactor = 10) : ISegmentWork
{
    private readonly Lock _gate = new();
    private byte[]? _first;

    /// <summary>How many times the honest time a <see cref="Drill.Slow"/> node takes.</summary>
    public double SlowFactor { get; } = slowFactor >= 1 ? slowFactor : throw new ArgumentOutOfRangeException(nameof(slowFactor));

    /// <summary>Parses <c>garbage</c>, <c>other-segment</c>, <c>old-assignment</c>, <c>other-job</c>, <c>silent</c> or <c>slow[:N]</c>.</summary>
    /// <exception cref="FormatException">Not one of these.</exception>
    public static (Drill Drill, double SlowFactor) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', 2);
        var factor = 10.0;
        if (parts.Length == 2 && (parts[0] != "slow" || !double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out factor) || factor < 1))
        {
            throw new FormatException($"'{text}': only slow takes a factor (slow:N, N ≥ 1)");
        }

        return parts[0] switch
        {
            "garbage" => (Drill.Garbage, factor),
            "other-segment" => (Drill.OtherSegment, factor),
            "old-assignment" => (Drill.OldAssignment, factor),
            "other-job" => (Drill.OtherJob, factor),
            "silent" => (Drill.Silent, factor),
            "slow" => (Drill.Slow, factor),
            _ => throw new FormatException($"'{text}' is not a drill: garbage, other-segment, old-assignment, other-job, silent or slow[:N]"),
        };
    }

    /// <inheritdoc/>
    public async Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(binding);
        switch (drill)
        {
            case Drill.Garbage:
                return RandomNumberGenerator.GetBytes(1024);
            case Drill.Silent:
                await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
                throw new OperationCanceledException(cancellation);
            case Drill.OldAssignment:
                return await honest.ProveAsync(payload, binding with { Nonce = binding.Nonce ^ 0x5EED }, progress, cancellation).ConfigureAwait(false);
            case Drill.OtherJob:
                return await honest.ProveAsync(payload, binding with { Task = binding.Task with { Job = JobId.New() } }, progress, cancellation).ConfigureAwait(false);
            case Drill.OtherSegment:
                lock (_gate)
                {
                    if (_first is not null)
                    {
                        return _first;
                    }
                }

                var first = await honest.ProveAsync(payload, binding, progress, cancellation).ConfigureAwait(false);
                lock (_gate)
                {
                    _first ??= first;
                }

                return first;
            default:
                var sw = Stopwatch.StartNew();
                var result = await honest.ProveAsync(payload, binding, progress, cancellation).ConfigureAwait(false);
                await Task.Delay(sw.Elapsed * (SlowFactor - 1), cancellation).ConfigureAwait(false);
                return result;
        }
    }
}
