using System.Runtime.InteropServices;

using Tessera.Field;
using Tessera.Hash;
using Tessera.Hash.Challenger;
using Tessera.Stark.Proofs;

namespace Tessera.Stark;

/// <summary>Transcript steps shared by prover and verifier beyond the header.</summary>
internal static class Transcript
{
    /// <summary>Rows the openings are cut into: one per lane of the widest Poseidon2 kernel.</summary>
    internal const int OpeningLanes = 16;

    /// <summary>
    /// Binds every opened value to the transcript (protocol version 5): all tables' openings in
    /// table order (preprocessed at ζ and ζ·g, main, aux, quotient; each extension value as its four
    /// coefficients) are laid end to end, zero-padded to <see cref="OpeningLanes"/> rows of equal
    /// length, each row is sponged, and the 16 digests are observed. The layout is fixed by the
    /// machine (the verifier checks every opening's length first), so the padding is unambiguous and
    /// a change to any value changes a digest unless Poseidon2 collides — the same assumption the
    /// Merkle commitments rest on. The rows hash one per SIMD lane: about 7× cheaper than observing
    /// the values one by one (~30,000 field elements for a segment).
    /// </summary>
    public static void ObserveOpenings(DuplexChallenger ch, TableOpenings[] openings)
    {
        var total = 0;
        foreach (var o in openings)
        {
            foreach (var group in Groups(o))
            {
                total += 4 * group.Length;
            }
        }

        var row = (total + OpeningLanes - 1) / OpeningLanes;
        var flat = new BabyBear[row * OpeningLanes];
        var at = 0;
        foreach (var o in openings)
        {
            foreach (var group in Groups(o))
            {
                MemoryMarshal.Cast<BabyBear4, BabyBear>(group).CopyTo(flat.AsSpan(at));
                at += 4 * group.Length;
            }
        }

        var digests = new Digest[OpeningLanes];
        Poseidon2Sponge.HashRows(flat, row, digests);
        foreach (var d in digests)
        {
            ch.Observe(d);
        }
    }

    private static BabyBear4[][] Groups(TableOpenings o) =>
        [o.PreprocessedLocal, o.PreprocessedNext, o.MainLocal, o.MainNext, o.AuxLocal, o.AuxNext, o.Quotient];
}
