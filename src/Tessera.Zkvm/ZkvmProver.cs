using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

using Tessera.Circuit;
using Tessera.Hash;
using Tessera.Stark.Fri;
using Tessera.Stark.Proofs;
using Tessera.Stark.Prover;
using Tessera.Vm.Elf;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;

namespace Tessera.Zkvm;

/// <summary>How <see cref="ZkvmProver.Prove"/> proves a run.</summary>
public sealed record ProveOptions
{
    /// <summary>log2 of each segment's cycle budget (13..24); 2^19 fits a 2 GB prover.</summary>
    public int Po2 { get; init; } = 19;

    /// <summary>The proof parameters every segment is proven at (the verifier must accept the same).</summary>
    public ProofParameters Parameters { get; init; } = ProofParameters.Default;

    /// <summary>
    /// Segments proven at once (each proof also uses every core inside). Memory grows with this:
    /// one segment's prover peak each, plus as many records waiting.
    /// </summary>
    public int SegmentsInFlight { get; init; } = 1;

    /// <summary>A guest that has not exited after this many user cycles is stopped with a fault.</summary>
    public long MaxCycles { get; init; } = 100_000_000_000;

    /// <summary>The memory commitment's page layout.</summary>
    public PageLayout Layout { get; init; } = PageLayout.Default;
}

/// <summary>Where a proving run stands.</summary>
/// <param name="SegmentsProven">Segments proven so far.</param>
/// <param name="Segments">Segments the run has.</param>
/// <param name="CyclesProven">User cycles in the proven segments.</param>
/// <param name="Cycles">User cycles of the run.</param>
/// <param name="Elapsed">Time since proving began.</param>
public sealed record ProveProgress(int SegmentsProven, int Segments, ulong CyclesProven, ulong Cycles, TimeSpan Elapsed)
{
    /// <summary>User cycles proven per second so far.</summary>
    public double CyclesPerSecond => Elapsed.TotalSeconds > 0 ? CyclesProven / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the rate so far, or null before the first segment is proven.</summary>
    public TimeSpan? Remaining => CyclesProven == 0 ? null : TimeSpan.FromSeconds((Cycles - CyclesProven) / CyclesPerSecond);
}

/// <summary>
/// Proves a whole run of a guest: the embedded default, one process on every core. The run is
/// executed once to learn its segments (a guest that faults is reported before any proving), then
/// again with segment records streamed to the provers, at most
/// <see cref="ProveOptions.SegmentsInFlight"/> proven at once and as many waiting, so memory is
/// bounded by the segments in flight, not by the run's length; each segment's trace and LDE are
/// released when its proof is encoded.
/// </summary>
public static class ZkvmProver
{
    /// <summary>Proves <paramref name="program"/> on <paramref name="input"/> and returns the receipt.</summary>
    /// <exception cref="Vm.Execution.GuestFaultException">The guest faulted or ran past the cycle limit; nothing was proven.</exception>
    /// <exception cref="UnsupportedPo2Exception">po2 outside 13..24.</exception>
    /// <exception cref="Vm.InvalidSegmentException">A segment leaves the proven execution model.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static CompositeReceipt Prove(ElfProgram program, ReadOnlyMemory<byte> input, ProveOptions? options = null,
        IProgress<ProveProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        options ??= new ProveOptions();
        UnsupportedPo2Exception.ThrowIfUnsupported(options.Po2);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SegmentsInFlight, 1);
        options.Parameters.Validate();
        var execution = new ExecutionOptions { Po2 = options.Po2, MaxCycles = options.MaxCycles, Layout = options.Layout };

        // Execute only: the segment count for the progress display, and faults before any proving.
        var dry = Executor.Run(program, input, execution);
        var circuit = Rv32imCircuit.For(program, options.Layout);
        var receipts = new SegmentReceipt[dry.Segments];
        var clock = Stopwatch.StartNew();
        var proven = 0;
        long cyclesProven = 0;
        progress?.Report(new ProveProgress(0, receipts.Length, 0, (ulong)dry.UserCycles, TimeSpan.Zero));

        using var queue = new BlockingCollection<SegmentRecord>(options.SegmentsInFlight);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;
        void Fail(Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            stop.Cancel();
        }

        var workers = Enumerable.Range(0, options.SegmentsInFlight).Select(_ => Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var record in queue.GetConsumingEnumerable(stop.Token))
                {
                    receipts[record.Index] = ProveSegment(circuit, record, options.Parameters);
                    var done = Interlocked.Increment(ref proven);
                    var cycles = Interlocked.Add(ref cyclesProven, record.UserCycles);
                    progress?.Report(new ProveProgress(done, receipts.Length, (ulong)cycles, (ulong)dry.UserCycles, clock.Elapsed));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        ExecutionReport? report = null;
        try
        {
            report = Executor.Run(program, input, execution with { KeepRecords = true }, record =>
            {
                if (record.Index >= receipts.Length)
                {
                    throw new InvalidOperationException("the run cut more segments than its first execution");
                }

                queue.Add(record, stop.Token);
            });
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            queue.CompleteAdding();
        }

        Task.WaitAll(workers);

        // The run is proven: the buffers kept for a next proof are one proof's working set (1.5 GB at po2 19).
        StarkProver.ReleaseBuffers();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (report is null || report.Segments != receipts.Length || receipts.Any(r => r is null))
        {
            throw new InvalidOperationException("the run's segments differ between its two executions");
        }

        return new CompositeReceipt(options.Layout.PageShift, circuit.CodeBase, circuit.Code.ToArray(), receipts, report.Journal);
    }

    /// <summary>
    /// Proves one segment from its record alone (what a prover node does) and returns its receipt, the
    /// seal bound to <paramref name="context"/> (zero when null).
    /// </summary>
    /// <exception cref="Vm.InvalidSegmentException">The record is not a segment of this program or leaves the proven model.</exception>
    /// <exception cref="UnsupportedPo2Exception">The record's po2 is outside 13..24.</exception>
    public static SegmentReceipt ProveSegment(Rv32imCircuit circuit, SegmentRecord record, ProofParameters? parameters = null, Digest? context = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(record);
        var c = context ?? Digest.Zero;
        var (claim, proof) = circuit.Prove(record, parameters, context: c);
        return new SegmentReceipt(record.Po2, ReceiptClaim.From(claim), ProofCodec.Encode(proof), c);
    }
}
