namespace Tessera.Vm.Segments;

/// <summary>A segment size outside 2^13 .. 2^24 cycles was asked for.</summary>
public sealed class UnsupportedPo2Exception : ArgumentOutOfRangeException
{
    /// <summary>Smallest supported po2.</summary>
    public const int Min = 13;

    /// <summary>Largest supported po2.</summary>
    public const int Max = 24;

    /// <summary>Creates the exception for <paramref name="po2"/>.</summary>
    public UnsupportedPo2Exception(int po2)
        : base(nameof(po2), po2, $"po2 {po2} is not supported; segments are 2^{Min} to 2^{Max} cycles")
    {
    }

    /// <summary>Creates the exception.</summary>
    public UnsupportedPo2Exception()
        : base("po2")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnsupportedPo2Exception(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public UnsupportedPo2Exception(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws unless <paramref name="po2"/> is in range.</summary>
    public static void ThrowIfUnsupported(int po2)
    {
        if (po2 is < Min or > Max)
        {
            throw new UnsupportedPo2Exception(po2);
        }
    }
}
