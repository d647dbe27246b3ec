namespace Tessera.Stark.Lookup;

/// <summary>The interactions whose fractions one LogUp helper column sums.</summary>
/// <param name="Interactions">Indices into the table's interaction list.</param>
internal sealed record LogUpGroup(int[] Interactions);
