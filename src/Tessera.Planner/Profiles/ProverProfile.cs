namespace Tessera.Planner.Profiles;

/// <summary>
/// A prover's measured costs: time and peak memory per segment size, the machine they were measured on,
/// and the cycle inflation curve of a reference workload. Read and written by <see cref="ProfileCodec"/>.
/// </summary>
public sealed record ProverProfile
{
    /// <summary>The format tag this version reads and writes.</summary>
    public const string FormatTag = "tessera-prover-profile/1";

    /// <summary>Smallest po2 a profile may describe.</summary>
    public const int MinPo2 = 10;

    /// <summary>Largest po2 a profile may describe.</summary>
    public const int MaxPo2 = 30;

    /// <summary>The prover and its version.</summary>
    public required string Prover { get; init; }

    /// <summary>Where it was measured.</summary>
    public required ProfileMachine Machine { get; init; }

    /// <summary>Where the figures come from (a command, a paper, a proposal).</summary>
    public string? Source { get; init; }

    /// <summary>Cost per po2, ascending.</summary>
    public required IReadOnlyList<Po2Cost> Costs { get; init; }

    /// <summary>Segment counts and inflation of the reference workload.</summary>
    public required InflationCurve Inflation { get; init; }

    /// <summary>The cost at <paramref name="po2"/>, or null.</summary>
    public Po2Cost? Cost(int po2) => Costs.FirstOrDefault(c => c.Po2 == po2);
}
