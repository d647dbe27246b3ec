namespace Tessera.Field.Tests;

/// <summary>Montgomery's trick against one inversion per element.</summary>
public class BatchInversionTests
{
    // Around the scalar/vector threshold (256) and the 64-lane vector block.
    public static readonly TheoryData<int> Lengths = [0, 1, 2, 3, 17, 64, 255, 256, 257, 319, 320, 321, 1000, 4099];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Base_batch_matches_single_inverses(int n)
    {
        var rng = new Random(500 + n);
        var a = NonZero(rng, n);
        var r = new BabyBear[n];
        BatchInversion.Invert(a, r);
        Assert.Equal(a.Select(x => x.Inverse()), r);

        var inPlace = (BabyBear[])a.Clone();
        BatchInversion.Invert(inPlace, inPlace);
        Assert.Equal(r, inPlace);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 9)]
    [InlineData(300, 0)]
    [InlineData(300, 150)]
    [InlineData(300, 299)]
    [InlineData(1000, 700)]
    public void Base_batch_rejects_a_zero_and_names_the_first(int n, int zeroAt)
    {
        var rng = new Random(600 + n);
        var a = NonZero(rng, n);
        a[zeroAt] = BabyBear.Zero;
        if (zeroAt + 3 < n)
        {
            a[zeroAt + 3] = BabyBear.Zero;
        }

        var r = new BabyBear[n];
        var e = Assert.Throws<ZeroElementException>(() => BatchInversion.Invert(a, r));
        Assert.Equal(zeroAt, e.Index);
        Assert.IsAssignableFrom<DivideByZeroException>(e);

        // In place, the input survives the failure.
        var copy = (BabyBear[])a.Clone();
        Assert.Equal(zeroAt, Assert.Throws<ZeroElementException>(() => BatchInversion.Invert(copy, copy)).Index);
        Assert.Equal(a, copy);
    }

    // Around the extension's vector threshold (64) and its 16-element block.
    public static readonly TheoryData<int> ExtensionLengths = [0, 1, 5, 16, 63, 64, 65, 79, 80, 81, 100, 1000];

    [Theory]
    [MemberData(nameof(ExtensionLengths))]
    public void Extension_batch_matches_single_inverses(int n)
    {
        var rng = new Random(700 + n);
        var a = Oracle.RandomExtension(rng, n);
        var r = new BabyBear4[n];
        BatchInversion.Invert(a, r);
        Assert.Equal(a.Select(x => x.Inverse()), r);

        BatchInversion.Invert(a, a);
        Assert.Equal(r, a);
    }

    [Theory]
    [InlineData(20, 13)]
    [InlineData(100, 0)]
    [InlineData(100, 70)]
    [InlineData(100, 99)]
    public void Extension_batch_rejects_a_zero(int n, int zeroAt)
    {
        var rng = new Random(800);
        var a = Oracle.RandomExtension(rng, n);
        a[zeroAt] = BabyBear4.Zero;
        var e = Assert.Throws<ZeroElementException>(() => BatchInversion.Invert(a, new BabyBear4[n]));
        Assert.Equal(zeroAt, e.Index);

        // A non-base element with a zero coefficient is not zero.
        a[zeroAt] = BabyBear4.FromCanonical(0, 0, 0, 1);
        BatchInversion.Invert(a, new BabyBear4[n]);
    }

    [Fact]
    public void Partial_overlap_and_length_mismatch_are_rejected()
    {
        var a = NonZero(new Random(900), 300);
        Assert.Throws<ArgumentException>(() => BatchInversion.Invert(a.AsSpan(0, 299), a.AsSpan(1, 299)));
        Assert.Throws<ArgumentException>(() => BatchInversion.Invert(a.AsSpan(0, 10), new BabyBear[11]));
        var e = new BabyBear4[4];
        Assert.Throws<ArgumentException>(() => BatchInversion.Invert(e.AsSpan(0, 3), e.AsSpan(1, 3)));
    }

    private static BabyBear[] NonZero(Random rng, int n)
    {
        var a = new BabyBear[n];
        for (var i = 0; i < n; i++)
        {
            a[i] = BabyBear.FromCanonical((uint)rng.NextInt64(1, Oracle.P));
        }

        if (n > 1)
        {
            a[0] = BabyBear.One;
            a[n - 1] = BabyBear.FromCanonical(Oracle.P - 1);
        }

        return a;
    }
}
