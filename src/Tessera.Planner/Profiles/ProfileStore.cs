namespace Tessera.Planner.Profiles;

/// <summary>Finds a profile by file path or by the name of one shipped with Tessera (<c>profiles/</c>).</summary>
public static class ProfileStore
{
    private const string ResourcePrefix = "Tessera.Planner.Profiles.";

    /// <summary>Names of the shipped profiles (file names without <c>.json</c>).</summary>
    public static IReadOnlyList<string> Shipped { get; } =
        [.. typeof(ProfileStore).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal)];

    /// <summary>The RISC Zero 1.0.1 profile of the original proposal (2-core i7-5500U).</summary>
    public static ProverProfile RiscZero => Load("risc0-1.0.1-i7-5500u");

    /// <summary>Loads <paramref name="pathOrName"/>: an existing file, else a shipped profile of that name.</summary>
    /// <exception cref="ProfileException">Neither exists, or the profile is invalid.</exception>
    public static ProverProfile Load(string pathOrName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrName);
        if (File.Exists(pathOrName))
        {
            return ProfileCodec.Parse(File.ReadAllText(pathOrName), pathOrName);
        }

        // Names have dots (risc0-1.0.1-...), so only a trailing .json is an extension.
        var name = Path.GetFileName(pathOrName);
        name = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name[..^".json".Length] : name;
        using var stream = typeof(ProfileStore).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.json")
            ?? throw new ProfileException(ProfileError.NotFound, $"no profile file \"{pathOrName}\" and no shipped profile of that name (shipped: {string.Join(", ", Shipped)})");
        using var reader = new StreamReader(stream);
        return ProfileCodec.Parse(reader.ReadToEnd(), name);
    }
}
