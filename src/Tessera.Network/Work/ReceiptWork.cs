using System.Security.Cryptography;

using Tessera.Circuit;
using Tessera.Stark.Fri;
using Tessera.Vm;
using Tessera.Vm.Memory;
using Tessera.Vm.Segments;
using Tessera.Zkvm;

namespace Tessera.Network.Work;

/// <summary>
/// A prover node's work: proves an rv32im segment task (<see cref="SegmentTasks"/>) into a segment
/// receipt whose seal is bound to the assignment (<see cref="ProofContext"/> of the binding), so no
/// other node can hand it in and no other assignment can reuse it. The last few programs' circuits
/// are kept, so segment after segment of one job builds its circuit once.
/// </summary>
/// <param name="parameters">The parameters every proof is made at (the job owner's verifier must accept them).</param>
public sealed class ReceiptWork(ProofParameters parameters) : ISegmentWork
{
    private const int CircuitsKept = 4;
    private readonly Lock _gate = new();
    private readonly List<(byte[] Key, Rv32imCircuit Circuit)> _circuits = [];

    /// <inheritdoc/>
    public Task<byte[]> ProveAsync(ReadOnlyMemory<byte> payload, WorkBinding binding, IProgress<double> progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(progress);
        var (shift, codeBase, code, record) = SegmentTasks.Read(payload.Span);
        var circuit = CircuitFor(shift, codeBase, code);
        var context = ProofContext.Of(binding.ToBytes());
        return Task.Run(() =>
        {
            cancellation.ThrowIfCancellationRequested();
            progress.Report(0);
            try
            {
                var receipt = ZkvmProver.ProveSegment(circuit, record, parameters, context);
                progress.Report(1);
                return ReceiptCodec.EncodeSegment(receipt);
            }
            catch (Exception e) when (e is InvalidSegmentException or UnsupportedPo2Exception)
            {
                throw new InvalidTaskPayloadException($"the segment cannot be proven: {e.Message}", e);
            }
        }, cancellation);
    }

    private Rv32imCircuit CircuitFor(int shift, uint codeBase, uint[] code)
    {
        var key = new byte[9 + 32];
        key[0] = (byte)shift;
        BitConverter.TryWriteBytes(key.AsSpan(1), codeBase);
        BitConverter.TryWriteBytes(key.AsSpan(5), code.Length);
        SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(code.AsSpan()), key.AsSpan(9));
        lock (_gate)
        {
            var i = _circuits.FindIndex(c => c.Key.AsSpan().SequenceEqual(key));
            if (i >= 0)
            {
                return _circuits[i].Circuit;
            }
        }

        Rv32imCircuit circuit;
        try
        {
            circuit = Rv32imCircuit.ForCode(codeBase, code, new PageLayout(shift));
        }
        catch (ArgumentException e)
        {
            throw new InvalidTaskPayloadException($"the task's code: {e.Message}", e);
        }

        lock (_gate)
        {
            _circuits.Insert(0, (key, circuit));
            if (_circuits.Count > CircuitsKept)
            {
                _circuits.RemoveAt(_circuits.Count - 1);
            }
        }

        return circuit;
    }
}

/// <summary>
/// The job owner's check of a node's result: a segment receipt that claims exactly what the owner's
/// own execution expects, bound to this assignment, whose seal verifies at the owner's parameters.
/// </summary>
/// <param name="circuit">The job's program.</param>
/// <param name="accepted">The only parameters accepted.</param>
public sealed class ReceiptVerifier(Rv32imCircuit circuit, ProofParameters accepted) : ISegmentVerifier
{
    /// <inheritdoc/>
    public Verification Verify(WorkBinding binding, ReadOnlySpan<byte> expectedClaim, ReadOnlySpan<byte> result)
    {
        ArgumentNullException.ThrowIfNull(binding);
        SegmentReceipt receipt;
        ReceiptClaim expected;
        try
        {
            receipt = ReceiptCodec.DecodeSegment(result);
            expected = ReceiptCodec.DecodeClaim(expectedClaim);
        }
        catch (InvalidReceiptException e)
        {
            return Verification.Invalid(e.Message);
        }

        if (receipt.Claim != expected)
        {
            return Verification.Foreign("the receipt claims another segment's execution");
        }

        if (receipt.Context != ProofContext.Of(binding.ToBytes()))
        {
            return Verification.Replayed("the seal is bound to another job, assignment or prover");
        }

        try
        {
            receipt.Verify(circuit, accepted);
            return Verification.Ok;
        }
        catch (ReceiptRejectedException e)
        {
            return Verification.Invalid(e.Message);
        }
    }
}
