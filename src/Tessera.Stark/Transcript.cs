using Tessera.Hash.Challenger;
using Tessera.Stark.Proofs;

namespace Tessera.Stark;

/// <summary>Transcript steps shared by prover and verifier beyond the header.</summary>
internal static class Transcript
{
    public static void ObserveOpenings(DuplexChallenger ch, TableOpenings[] openings)
    {
        foreach (var o in openings)
        {
            foreach (var group in new[] { o.PreprocessedLocal, o.PreprocessedNext, o.MainLocal, o.MainNext, o.AuxLocal, o.AuxNext, o.Quotient })
            {
                foreach (var v in group)
                {
                    ch.Observe(v);
                }
            }
        }
    }
}
