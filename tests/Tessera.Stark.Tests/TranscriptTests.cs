using Tessera.Field;
using Tessera.Hash.Challenger;
using Tessera.Stark.Proofs;
using Tessera.Stark.Verifier;

namespace Tessera.Stark.Tests;

/// <summary>
/// Protocol version 5 binds the openings through 16 lane-hashed digests: every opened coefficient
/// must still move the challenges, and the verifier's parallel checks must give one verdict.
/// </summary>
public sealed class TranscriptTests
{
    private static TableOpenings[] Openings(int seed)
    {
        var rng = new Random(seed);
        BabyBear4[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => new BabyBear4(
            BabyBear.FromUInt32((uint)rng.Next()), BabyBear.FromUInt32((uint)rng.Next()),
            BabyBear.FromUInt32((uint)rng.Next()), BabyBear.FromUInt32((uint)rng.Next())))];
        return
        [
            new() { PreprocessedLocal = Values(2), PreprocessedNext = Values(2), MainLocal = Values(13), MainNext = Values(13),
                AuxLocal = Values(8), AuxNext = Values(8), Quotient = Values(8) },
            new() { PreprocessedLocal = [], PreprocessedNext = [], MainLocal = Values(5), MainNext = Values(5),
                AuxLocal = [], AuxNext = [], Quotient = Values(4) },
        ];
    }

    private static BabyBear4 Challenge(TableOpenings[] openings)
    {
        var ch = new DuplexChallenger();
        Transcript.ObserveOpenings(ch, openings);
        return ch.SampleExtension();
    }

    private static BabyBear4[][] Groups(TableOpenings o) =>
        [o.PreprocessedLocal, o.PreprocessedNext, o.MainLocal, o.MainNext, o.AuxLocal, o.AuxNext, o.Quotient];

    [Fact]
    public void Every_opened_coefficient_moves_the_next_challenge()
    {
        var honest = Challenge(Openings(1));
        Assert.Equal(honest, Challenge(Openings(1)));
        var changed = 0;
        for (var t = 0; t < 2; t++)
        {
            for (var g = 0; g < 7; g++)
            {
                for (var i = 0; i < Groups(Openings(1)[t])[g].Length; i++)
                {
                    for (var c = 0; c < 4; c++)
                    {
                        var forged = Openings(1);
                        var v = Groups(forged[t])[g][i];
                        var coefficients = new[] { v.C0, v.C1, v.C2, v.C3 };
                        coefficients[c] += BabyBear.One;
                        Groups(forged[t])[g][i] = new BabyBear4(coefficients[0], coefficients[1], coefficients[2], coefficients[3]);
                        Assert.NotEqual(honest, Challenge(forged));
                        changed++;
                    }
                }
            }
        }

        Assert.Equal(4 * (2 + 2 + 13 + 13 + 8 + 8 + 8 + 5 + 5 + 4), changed);
    }

    [Fact]
    public void Swapping_two_opened_values_moves_the_next_challenge()
    {
        var forged = Openings(2);
        (forged[0].MainLocal[0], forged[0].MainNext[0]) = (forged[0].MainNext[0], forged[0].MainLocal[0]);
        Assert.NotEqual(Challenge(Openings(2)), Challenge(forged));
    }

    [Fact]
    public void Parallel_checks_report_the_lowest_failing_index_whatever_the_schedule()
    {
        for (var run = 0; run < 20; run++)
        {
            var failure = ParallelChecks.FirstFailure(64, i =>
            {
                Thread.SpinWait(Random.Shared.Next(1, 20_000));
                return i is 41 or 17 or 63 ? $"check {i}" : null;
            });
            Assert.Equal("check 17", failure);
        }

        Assert.Null(ParallelChecks.FirstFailure(16, _ => null));
        Assert.Equal("b", ParallelChecks.FirstFailure([() => null, () => "b", () => "c"]));
    }

    [Fact]
    public void An_exception_in_a_parallel_check_surfaces_as_itself()
    {
        var e = Assert.Throws<VerificationFailedException>(() =>
            ParallelChecks.Run(32, i => { if (i == 9) { throw new VerificationFailedException("nine"); } }));
        Assert.Equal("nine", e.Message);
    }
}
