using Tessera.Field;

namespace Tessera.Stark.Tests;

internal static class TestRandom
{
    public static BabyBear Base(Random rng) => BabyBear.FromUInt32((uint)rng.Next() % BabyBear.Modulus);

    public static BabyBear4 Ext(Random rng) => new(Base(rng), Base(rng), Base(rng), Base(rng));

    public static BabyBear4[] Challenges(Machine m, Random rng)
    {
        var alpha = Ext(rng);
        var beta = Ext(rng);
        var c = new BabyBear4[m.ChallengeCount];
        c[0] = alpha;
        for (var j = 1; j < c.Length; j++)
        {
            c[j] = beta.Pow((ulong)j);
        }

        return c;
    }
}
