using Tessera.Field;
using Tessera.Hash;
using Tessera.Stark;
using Tessera.Stark.Fri;

namespace Tessera.Circuit.Tests;

internal static class Poseidon2Fixtures
{
    // Few queries keep the tests fast; the verifier's minimum is lowered to match.
    public static readonly ProofParameters Fast = ProofParameters.Test;

    // Plonky3 baby-bear/src/poseidon2.rs, test_default_babybear_poseidon2_width_16 (as in Tessera.Hash.Tests).
    public static readonly uint[] KatInput =
    [
        894848333, 1437655012, 1200606629, 1690012884, 71131202, 1749206695, 1717947831,
        120589055, 19776022, 42382981, 1831865506, 724844064, 171220207, 1299207443,
        227047920, 1783754913,
    ];

    public static readonly uint[] KatExpected =
    [
        516096821, 90309867, 1101817252, 1660784290, 360715097, 1789519026, 1788910906,
        563338433, 319524748, 1741414159, 1650859320, 894311162, 1121347488, 1692793758,
        1052633829, 1344246938,
    ];

    public static BabyBear[] State(uint[] xs) => [.. xs.Select(BabyBear.FromUInt32)];

    public static BabyBear[][] RandomInputs(int count, int seed)
    {
        var rng = new Random(seed);
        var inputs = new BabyBear[count][];
        for (var r = 0; r < count; r++)
        {
            inputs[r] = new BabyBear[Poseidon2Air.StateWidth];
            for (var i = 0; i < inputs[r].Length; i++)
            {
                inputs[r][i] = BabyBear.FromUInt32((uint)rng.NextInt64(0, BabyBear.Modulus));
            }
        }

        return inputs;
    }

    public static BabyBear[] Permuted(BabyBear[] input)
    {
        var s = (BabyBear[])input.Clone();
        Poseidon2.Permute(s);
        return s;
    }

    public static BabyBear[] Output(Trace t, int row) =>
        [.. Enumerable.Range(0, Poseidon2Air.StateWidth).Select(i => t[row, Poseidon2Air.OutputColumn(i)])];

    public static BabyBear[][] Publics(TableWitness[] w) => [.. w.Select(x => x.Publics)];
}
