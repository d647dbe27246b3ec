using Tessera.Circuit;
using Tessera.Stark.Fri;
using Tessera.Vm.Elf;
using Tessera.Vm.Memory;

namespace Tessera.Zkvm;

/// <summary>
/// The receipt of a whole run: the program's code (so a verifier holding only the image ID can
/// rebuild the circuit), the segment receipts in execution order, and the journal. It verifies as
/// if the whole run had been proven at once: every seal at the verifier's parameters, the first
/// pre-state the image's, each pre-state the previous post-state, the journal digests chained from
/// the empty journal to one the journal hashes to, and only the last segment exiting.
/// </summary>
/// <param name="PageShift">log2 of the memory commitment's page size (bound by the image ID).</param>
/// <param name="CodeBase">The first address of the code.</param>
/// <param name="Code">The code words the circuit's program table holds (bound by the image ID).</param>
/// <param name="Segments">The segment receipts, in execution order.</param>
/// <param name="Journal">The bytes the guest committed.</param>
public sealed record CompositeReceipt(int PageShift, uint CodeBase, uint[] Code, IReadOnlyList<SegmentReceipt> Segments, byte[] Journal)
{
    /// <summary>
    /// The claim of the whole run, read from the chain's ends (first pre-state, last post-state and
    /// exit, the journal from the empty digest, cycles and journal bytes summed); verification is what
    /// makes it true.
    /// </summary>
    /// <exception cref="InvalidOperationException">The receipt has no segment.</exception>
    public ReceiptClaim Claim()
    {
        if (Segments is not { Count: > 0 })
        {
            throw new InvalidOperationException("a receipt without segments claims nothing");
        }

        var first = Segments[0].Claim;
        var last = Segments[^1].Claim;
        ulong cycles = 0;
        ulong bytes = 0;
        foreach (var s in Segments)
        {
            cycles += s.Claim.Cycles;
            bytes += s.Claim.JournalBytes;
        }

        return new ReceiptClaim(first.PrePc, first.PreState, last.PostPc, last.PostState, last.Exited, last.ExitCode,
            JournalHasher.Initial, last.JournalAfter, (uint)Math.Min(bytes, uint.MaxValue), cycles);
    }

    /// <summary>Verifies the receipt for the program <paramref name="program"/> (its image ID under this receipt's page size).</summary>
    /// <exception cref="ReceiptRejectedException">It does not verify; the reason says why.</exception>
    public VerifiedRun Verify(ElfProgram program, ProofParameters? accepted = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        return Verify(ImageId.Of(program, Layout()), accepted);
    }

    /// <summary>
    /// Verifies the receipt against <paramref name="imageId"/> at <paramref name="accepted"/>
    /// (<see cref="ProofParameters.Default"/> when null: the verifier, never the prover, picks them)
    /// and returns what the run established.
    /// </summary>
    /// <exception cref="ReceiptRejectedException">It does not verify; the reason says why.</exception>
    public VerifiedRun Verify(ImageId imageId, ProofParameters? accepted = null)
    {
        accepted ??= ProofParameters.Default;
        var segments = Segments ?? throw new ReceiptRejectedException("the receipt has no segments");
        if (segments.Count == 0 || segments.Count > ReceiptCodec.MaxSegments)
        {
            throw new ReceiptRejectedException($"the receipt has {segments.Count} segments; 1..{ReceiptCodec.MaxSegments} are accepted");
        }

        if (Code is not { Length: > 0 and <= ReceiptCodec.MaxCodeWords } || (CodeBase & 3) != 0 || CodeBase + (4UL * (ulong)Code.Length) > 1UL << 32)
        {
            throw new ReceiptRejectedException("the receipt's code is empty, too long, misaligned or past the address space");
        }

        if (Journal is null || Journal.Length > ReceiptCodec.MaxJournalBytes)
        {
            throw new ReceiptRejectedException($"the journal is missing or longer than {ReceiptCodec.MaxJournalBytes} bytes");
        }

        var layout = Layout();
        var claims = segments.Select(s => s?.Claim ?? throw new ReceiptRejectedException("a segment receipt is missing")).ToArray();
        var first = claims[0];
        var program = ImageId.ProgramDigest(CodeBase, Code, PageShift);
        if (ImageId.From(program, first.PrePc, first.PreState) != imageId)
        {
            throw new ReceiptRejectedException($"the receipt is not for image {imageId}: its code or entry state differs");
        }

        Chain(claims);
        var circuit = Rv32imCircuit.ForCode(CodeBase, Code, layout);
        var bits = new int[segments.Count];
        var errors = new ReceiptRejectedException?[segments.Count];
        Parallel.For(0, segments.Count, i =>
        {
            try
            {
                bits[i] = segments[i].Verify(circuit, accepted);
            }
            catch (ReceiptRejectedException e)
            {
                errors[i] = e;
            }
        });
        for (var i = 0; i < errors.Length; i++)
        {
            if (errors[i] is { } e)
            {
                throw new ReceiptRejectedException($"segment {i}: {e.Message}", e);
            }
        }

        var claim = Claim();
        return new VerifiedRun(imageId, claim.ExitCode, Journal, claim.Cycles, segments.Count, bits.Min());
    }

    private PageLayout Layout()
    {
        try
        {
            return new PageLayout(PageShift);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ReceiptRejectedException($"page shift {PageShift} is not a page layout", e);
        }
    }

    /// <summary>The checks between segments: states and journal digests chain, only the last exits, the journal is the one claimed.</summary>
    private void Chain(ReceiptClaim[] claims)
    {
        if (claims[0].JournalBefore != JournalHasher.Initial)
        {
            throw new ReceiptRejectedException("segment 0 does not start from the empty journal");
        }

        ulong bytes = 0;
        for (var i = 0; i < claims.Length; i++)
        {
            var c = claims[i];
            if (i > 0)
            {
                var prev = claims[i - 1];
                if (c.PrePc != prev.PostPc || c.PreState != prev.PostState)
                {
                    throw new ReceiptRejectedException($"segment {i} does not start where segment {i - 1} ended");
                }

                if (c.JournalBefore != prev.JournalAfter)
                {
                    throw new ReceiptRejectedException($"segment {i}'s journal does not continue segment {i - 1}'s");
                }
            }

            if (c.Exited != (i == claims.Length - 1))
            {
                throw new ReceiptRejectedException(c.Exited
                    ? $"segment {i} exits before the last segment"
                    : "the last segment does not exit: the receipt is of an unfinished run");
            }

            bytes += c.JournalBytes;
        }

        if (bytes != (ulong)Journal.LongLength)
        {
            throw new ReceiptRejectedException($"the segments commit {bytes} journal bytes, the receipt carries {Journal.Length}");
        }

        if (JournalHasher.Absorb(JournalHasher.Initial, Journal) != claims[^1].JournalAfter)
        {
            throw new ReceiptRejectedException("the journal does not hash to the digest the segments prove");
        }
    }
}
