using Tessera.Field;
using Tessera.Stark.Air;

namespace Tessera.Stark.Synthetic;

/// <summary>The fixed table of all 16-bit values (preprocessed) with a multiplicity column, on the "u16" bus.</summary>
internal sealed class U16TableAir : IAir
{
    public const string Bus = "u16";

    public const int LogHeight = 16;

    private Trace? _values;

    public string Name => "u16";

    public int Width => 1;

    public int PreprocessedWidth => 1;

    public Trace Preprocessed()
    {
        if (_values is null)
        {
            var t = new Trace(1, 1 << LogHeight);
            for (var v = 0; v < 1 << LogHeight; v++)
            {
                t[v, 0] = BabyBear.FromUInt32((uint)v);
            }

            _values = t;
        }

        return _values;
    }

    public void Eval(AirBuilder b) => b.Receive(Bus, b.Main(0), b.Preprocessed(0));
}
