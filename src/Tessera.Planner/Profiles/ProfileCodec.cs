using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Planner.Profiles;

/// <summary>Reads, validates and writes prover profiles (JSON, format <see cref="ProverProfile.FormatTag"/>).</summary>
public static class ProfileCodec
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Parses and validates a profile.</summary>
    /// <exception cref="ProfileException">The text is not a valid profile; the kind says why.</exception>
    public static ProverProfile Parse(string json, string origin = "profile")
    {
        ArgumentNullException.ThrowIfNull(json);
        Dto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<Dto>(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new ProfileException(ProfileError.Malformed, $"{origin}: not a prover profile{where}: {e.Message}", e);
        }

        return Validate(dto ?? throw new ProfileException(ProfileError.Malformed, $"{origin}: empty document"), origin);
    }

    /// <summary>Writes <paramref name="profile"/> in the format <see cref="Parse"/> reads.</summary>
    public static string Write(ProverProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var dto = new Dto
        {
            Format = ProverProfile.FormatTag,
            Prover = profile.Prover,
            Machine = new MachineDto { Cpu = profile.Machine.Cpu, Cores = profile.Machine.Cores, MemoryBytes = profile.Machine.MemoryBytes },
            Source = profile.Source,
            Po2 = [.. profile.Costs.Select(c => new CostDto { Po2 = c.Po2, PeakMemoryBytes = c.PeakMemoryBytes, SecondsPerSegment = c.SecondsPerSegment })],
            Inflation = new CurveDto
            {
                Workload = profile.Inflation.Workload,
                UserCycles = profile.Inflation.UserCycles,
                Points = [.. profile.Inflation.Points.Select(p => new PointDto { Po2 = p.Po2, Segments = p.Segments, Inflation = p.Inflation })],
            },
        };
        return JsonSerializer.Serialize(dto, Options);
    }

    private static ProverProfile Validate(Dto dto, string origin)
    {
        if (dto.Format is null)
        {
            throw Missing(origin, "format");
        }

        if (dto.Format != ProverProfile.FormatTag)
        {
            throw new ProfileException(ProfileError.UnknownFormat, $"{origin}: format \"{dto.Format}\" is not {ProverProfile.FormatTag}");
        }

        var machine = dto.Machine ?? throw Missing(origin, "machine");
        var cores = machine.Cores ?? throw Missing(origin, "machine.cores");
        var memory = machine.MemoryBytes ?? throw Missing(origin, "machine.memory_bytes");
        Positive(origin, "machine.cores", cores);
        Positive(origin, "machine.memory_bytes", memory);

        var costs = new List<Po2Cost>();
        foreach (var (c, i) in (dto.Po2 ?? throw Missing(origin, "po2")).Select((c, i) => (c, i)))
        {
            var po2 = Po2(origin, $"po2[{i}]", c.Po2);
            var bytes = c.PeakMemoryBytes ?? throw Missing(origin, $"po2[{i}].peak_memory_bytes");
            Positive(origin, $"po2[{i}].peak_memory_bytes", bytes);
            if (c.SecondsPerSegment is { } s)
            {
                Positive(origin, $"po2[{i}].seconds_per_segment", s);
            }

            costs.Add(new Po2Cost(po2, bytes, c.SecondsPerSegment));
        }

        Unique(origin, "po2", costs.Select(c => c.Po2));
        if (!costs.Any(c => c.SecondsPerSegment is not null))
        {
            throw new ProfileException(ProfileError.MissingPo2, $"{origin}: no po2 has a seconds_per_segment");
        }

        var curve = dto.Inflation ?? throw Missing(origin, "inflation");
        var user = curve.UserCycles ?? throw Missing(origin, "inflation.user_cycles");
        Positive(origin, "inflation.user_cycles", user);
        var points = new List<InflationPoint>();
        foreach (var (p, i) in (curve.Points ?? throw Missing(origin, "inflation.points")).Select((p, i) => (p, i)))
        {
            var po2 = Po2(origin, $"inflation.points[{i}]", p.Po2);
            var segments = p.Segments ?? throw Missing(origin, $"inflation.points[{i}].segments");
            Positive(origin, $"inflation.points[{i}].segments", segments);
            if (p.Inflation is { } f && !(f >= 1))
            {
                throw new ProfileException(ProfileError.NotPositive, $"{origin}: inflation.points[{i}].inflation is {f}; total cycles are never fewer than user cycles");
            }

            points.Add(new InflationPoint(po2, segments, p.Inflation));
        }

        Unique(origin, "inflation.points", points.Select(p => p.Po2));

        // A time is only usable with the memory and segment count at the same po2; say which is missing
        // rather than let a plan silently skip a measured po2.
        foreach (var timed in costs.Where(c => c.SecondsPerSegment is not null))
        {
            if (!points.Any(p => p.Po2 == timed.Po2))
            {
                throw new ProfileException(ProfileError.MissingPo2, $"{origin}: po2 {timed.Po2} has a proving time but no segment count in inflation.points");
            }
        }

        foreach (var point in points.Where(p => !costs.Any(c => c.Po2 == p.Po2)))
        {
            throw new ProfileException(ProfileError.MissingPo2, $"{origin}: po2 {point.Po2} has a segment count but no peak memory in po2");
        }

        return new ProverProfile
        {
            Prover = dto.Prover ?? throw Missing(origin, "prover"),
            Machine = new ProfileMachine(machine.Cpu ?? throw Missing(origin, "machine.cpu"), cores, memory),
            Source = dto.Source,
            Costs = [.. costs.OrderBy(c => c.Po2)],
            Inflation = new InflationCurve(curve.Workload ?? throw Missing(origin, "inflation.workload"), user, [.. points.OrderBy(p => p.Po2)]),
        };
    }

    private static int Po2(string origin, string where, int? po2)
    {
        var value = po2 ?? throw Missing(origin, $"{where}.po2");
        if (value is < ProverProfile.MinPo2 or > ProverProfile.MaxPo2)
        {
            throw new ProfileException(ProfileError.Po2OutOfRange, $"{origin}: {where}.po2 is {value}, outside {ProverProfile.MinPo2}..{ProverProfile.MaxPo2}");
        }

        return value;
    }

    private static void Unique(string origin, string where, IEnumerable<int> po2s)
    {
        if (po2s.GroupBy(p => p).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ProfileException(ProfileError.DuplicatePo2, $"{origin}: {where} lists po2 {twice.Key} more than once");
        }
    }

    private static void Positive(string origin, string field, double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ProfileException(ProfileError.NotPositive, $"{origin}: {field} is {value.ToString(CultureInfo.InvariantCulture)}; it must be positive");
        }
    }

    private static ProfileException Missing(string origin, string field) =>
        new(ProfileError.MissingField, $"{origin}: {field} is missing");

    private sealed class Dto
    {
        public string? Format { get; set; }

        public string? Prover { get; set; }

        public MachineDto? Machine { get; set; }

        public string? Source { get; set; }

        public List<CostDto>? Po2 { get; set; }

        public CurveDto? Inflation { get; set; }
    }

    private sealed class MachineDto
    {
        public string? Cpu { get; set; }

        public int? Cores { get; set; }

        public long? MemoryBytes { get; set; }
    }

    private sealed class CostDto
    {
        public int? Po2 { get; set; }

        public long? PeakMemoryBytes { get; set; }

        public double? SecondsPerSegment { get; set; }
    }

    private sealed class CurveDto
    {
        public string? Workload { get; set; }

        public long? UserCycles { get; set; }

        public List<PointDto>? Points { get; set; }
    }

    private sealed class PointDto
    {
        public int? Po2 { get; set; }

        public long? Segments { get; set; }

        public double? Inflation { get; set; }
    }
}
