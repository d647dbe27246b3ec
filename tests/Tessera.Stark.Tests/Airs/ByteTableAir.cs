using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Tests.Airs;

/// <summary>
/// The fixed table of all bytes: preprocessed column 0..255, main column the multiplicity with
/// which each byte was looked up on the "byte" bus.
/// </summary>
public sealed class ByteTableAir : IAir
{
    public const string Bus = "byte";

    public string Name => "bytes";

    public int Width => 1;

    public int PreprocessedWidth => 1;

    public Trace Preprocessed()
    {
        var t = new Trace(1, 256);
        for (var v = 0; v < 256; v++)
        {
            t[v, 0] = BabyBear.FromUInt32((uint)v);
        }

        return t;
    }

    public void Eval(AirBuilder b) => b.Receive(Bus, b.Main(0), b.Preprocessed(0));

    /// <summary>The multiplicity trace for the given looked-up bytes.</summary>
    public static TableWitness Witness(IEnumerable<uint> lookedUp)
    {
        var t = new Trace(1, 256);
        foreach (var v in lookedUp)
        {
            t[(int)v, 0] += BabyBear.One;
        }

        return new TableWitness(t);
    }
}
