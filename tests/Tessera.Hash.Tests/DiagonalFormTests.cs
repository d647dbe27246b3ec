namespace Tessera.Hash.Tests;

/// <summary>
/// The internal layer's diagonal takes no multiplication (small multiples by additions, powers 2^−k
/// by <c>IPackedLanes.DivPow2</c>, which Tessera.Field's lane tests check against BigInteger).
/// </summary>
public class DiagonalFormTests
{
    [Fact]
    public void The_default_diagonals_need_no_multiplication()
    {
        Assert.DoesNotContain(0, Poseidon2Parameters.Width16.DiagonalForms);
        Assert.DoesNotContain(0, Poseidon2Parameters.Width24.DiagonalForms);
    }
}
