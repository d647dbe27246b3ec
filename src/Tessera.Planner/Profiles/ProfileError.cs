namespace Tessera.Planner.Profiles;

/// <summary>Why a prover profile was refused.</summary>
public enum ProfileError
{
    /// <summary>Not JSON, or a field of the wrong type.</summary>
    Malformed,

    /// <summary>The <c>format</c> field names another format or version.</summary>
    UnknownFormat,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A po2 outside the range a profile may describe.</summary>
    Po2OutOfRange,

    /// <summary>The same po2 is listed twice in one curve.</summary>
    DuplicatePo2,

    /// <summary>A time, memory, cycle or segment count that is zero or negative.</summary>
    NotPositive,

    /// <summary>A po2 is missing from a curve that must cover it (e.g. a time without a peak memory).</summary>
    MissingPo2,

    /// <summary>No file with that path and no shipped profile with that name.</summary>
    NotFound,
}
