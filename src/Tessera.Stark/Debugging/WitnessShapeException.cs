namespace Tessera.Stark.Debugging;

/// <summary>A witness does not fit its table: wrong table count, width, height or public-value count.</summary>
public sealed class WitnessShapeException : TraceCheckException
{
    /// <summary>Creates the exception.</summary>
    public WitnessShapeException(string message)
        : base(message)
    {
    }
}
