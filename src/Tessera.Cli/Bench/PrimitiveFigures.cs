using System.Text.Json.Serialization;

namespace Tessera.Cli.Bench;

/// <summary>
/// Whole-kernel throughput on this machine. A figure is null when its kernel is not available
/// (kept nullable so that a kernel under rework can drop out without changing the JSON shape).
/// </summary>
internal sealed record PrimitiveFigures
{
    [JsonPropertyName("cores")]
    public required int Cores { get; init; }

    [JsonPropertyName("simd")]
    public required string Simd { get; init; }

    [JsonPropertyName("montgomery_mul_per_s_per_core")]
    public double? MontgomeryMulPerSecondPerCore { get; init; }

    [JsonPropertyName("ntt_2p20_single_column_ms")]
    public double? Ntt2p20SingleColumnMs { get; init; }

    [JsonPropertyName("lde_2p18x64_blowup2_ms")]
    public double? Lde2p18x64Blowup2Ms { get; init; }

    [JsonPropertyName("poseidon2_w16_perms_per_s_per_core")]
    public double? Poseidon2W16PermsPerSecondPerCore { get; init; }

    [JsonPropertyName("poseidon2_w16_perms_per_s_all_cores")]
    public double? Poseidon2W16PermsPerSecondAllCores { get; init; }

    [JsonPropertyName("merkle_commit_2p20x64_ms")]
    public double? MerkleCommit2p20x64Ms { get; init; }
}
