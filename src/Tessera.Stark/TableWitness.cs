using Tessera.Field;

namespace Tessera.Stark;

/// <summary>One table's witness for a proof: its main trace and its public values.</summary>
/// <param name="Main">The main trace.</param>
/// <param name="Publics">Public values, as many as the AIR declares.</param>
public sealed record TableWitness(Trace Main, BabyBear[] Publics)
{
    /// <summary>A witness without public values.</summary>
    public TableWitness(Trace main)
        : this(main, [])
    {
    }
}
