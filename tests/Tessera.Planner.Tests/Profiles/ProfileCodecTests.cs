using Tessera.Planner.Profiles;

namespace Tessera.Planner.Tests.Profiles;

/// <summary>Profiles round-trip, and every broken profile is refused with the reason.</summary>
public class ProfileCodecTests
{
    private const string Valid = """
        {
          "format": "tessera-prover-profile/1",
          "prover": "test",
          "machine": { "cpu": "x", "cores": 2, "memory_bytes": 1073741824 },
          "po2": [
            { "po2": 15, "peak_memory_bytes": 1000, "seconds_per_segment": 2 },
            { "po2": 16, "peak_memory_bytes": 2000, "seconds_per_segment": 4 }
          ],
          "inflation": { "workload": "w", "user_cycles": 100000, "points": [ { "po2": 15, "segments": 4 }, { "po2": 16, "segments": 2, "inflation": 1.1 } ] }
        }
        """;

    [Fact]
    public void Write_then_parse_gives_the_same_profile()
    {
        var profile = ProfileStore.RiscZero;
        var again = ProfileCodec.Parse(ProfileCodec.Write(profile));
        Assert.Equal(profile.Prover, again.Prover);
        Assert.Equal(profile.Machine, again.Machine);
        Assert.Equal(profile.Source, again.Source);
        Assert.Equal(profile.Costs, again.Costs);
        Assert.Equal(profile.Inflation.Points, again.Inflation.Points);
        Assert.Equal(profile.Inflation.UserCycles, again.Inflation.UserCycles);
    }

    [Fact]
    public void A_valid_profile_parses() => Assert.Equal(2, ProfileCodec.Parse(Valid).Costs.Count);

    [Theory]
    [InlineData("not json", ProfileError.Malformed)]
    [InlineData("""{ "format": 3 }""", ProfileError.Malformed)]
    [InlineData("""{ "format": "tessera-prover-profile/2" }""", ProfileError.UnknownFormat)]
    [InlineData("""{ "prover": "x" }""", ProfileError.MissingField)]
    public void Broken_documents_are_refused(string json, ProfileError kind) =>
        Assert.Equal(kind, Assert.Throws<ProfileException>(() => ProfileCodec.Parse(json)).Kind);

    [Theory]
    [InlineData("\"seconds_per_segment\": 2", "\"seconds_per_segment\": 2, \"typo\": 1", ProfileError.Malformed)]
    [InlineData("\"cores\": 2", "\"cores\": 0", ProfileError.NotPositive)]
    [InlineData("\"seconds_per_segment\": 4", "\"seconds_per_segment\": -4", ProfileError.NotPositive)]
    [InlineData("\"peak_memory_bytes\": 2000,", "", ProfileError.MissingField)]
    [InlineData("{ \"po2\": 16, \"peak_memory_bytes\": 2000", "{ \"po2\": 15, \"peak_memory_bytes\": 2000", ProfileError.DuplicatePo2)]
    [InlineData("{ \"po2\": 16, \"peak_memory_bytes\": 2000", "{ \"po2\": 40, \"peak_memory_bytes\": 2000", ProfileError.Po2OutOfRange)]
    [InlineData("{ \"po2\": 15, \"segments\": 4 }, ", "", ProfileError.MissingPo2)]
    [InlineData("{ \"po2\": 15, \"segments\": 4 }", "{ \"po2\": 15, \"segments\": 4 }, { \"po2\": 17, \"segments\": 1 }", ProfileError.MissingPo2)]
    [InlineData("\"inflation\": 1.1", "\"inflation\": 0.9", ProfileError.NotPositive)]
    [InlineData("\"segments\": 2", "\"segments\": 0", ProfileError.NotPositive)]
    [InlineData("\"user_cycles\": 100000,", "", ProfileError.MissingField)]
    public void Broken_fields_are_refused_with_the_reason(string from, string to, ProfileError kind)
    {
        var json = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, json);
        var e = Assert.Throws<ProfileException>(() => ProfileCodec.Parse(json, "p.json"));
        Assert.Equal(kind, e.Kind);
        Assert.StartsWith("p.json: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_with_no_timed_po2_is_refused()
    {
        var json = Valid.Replace(", \"seconds_per_segment\": 2", "", StringComparison.Ordinal).Replace(", \"seconds_per_segment\": 4", "", StringComparison.Ordinal);
        Assert.Equal(ProfileError.MissingPo2, Assert.Throws<ProfileException>(() => ProfileCodec.Parse(json)).Kind);
    }

    [Fact]
    public void An_unknown_name_lists_the_shipped_profiles()
    {
        var e = Assert.Throws<ProfileException>(() => ProfileStore.Load("no-such-profile"));
        Assert.Equal(ProfileError.NotFound, e.Kind);
        Assert.Contains("risc0-1.0.1-i7-5500u", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_path_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Valid);
        try
        {
            Assert.Equal("test", ProfileStore.Load(path).Prover);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
