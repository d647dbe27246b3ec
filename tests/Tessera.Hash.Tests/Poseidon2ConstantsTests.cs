using System.Text.Json;

using Tessera.Field;

namespace Tessera.Hash.Tests;

public class Poseidon2ConstantsTests
{
    public static TheoryData<string> Instances => new() { "width16", "width24" };

    [Theory]
    [MemberData(nameof(Instances))]
    public void The_public_view_equals_the_published_constants(string key)
    {
        using var stream = typeof(Poseidon2).Assembly.GetManifestResourceStream("Tessera.Hash.poseidon2-babybear.json")!;
        using var doc = JsonDocument.Parse(stream);
        var inst = doc.RootElement.GetProperty(key);
        static ulong[] Flat(JsonElement e) => e.ValueKind == JsonValueKind.Array && e[0].ValueKind == JsonValueKind.Array
            ? [.. e.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => (ulong)v.GetUInt32())]
            : [.. e.EnumerateArray().Select(v => (ulong)v.GetUInt32())];

        var view = key == "width16" ? Poseidon2Constants.Width16 : Poseidon2Constants.Width24;
        Assert.Equal(key == "width16" ? 16 : 24, view.Width);
        Assert.Equal(inst.GetProperty("full_rounds").GetInt32(), 2 * view.HalfFullRounds);
        Assert.Equal(inst.GetProperty("partial_rounds").GetInt32(), view.PartialRounds);
        Assert.Equal(Flat(inst.GetProperty("external_initial")), TestData.Canonical(view.ExternalInitial));
        Assert.Equal(Flat(inst.GetProperty("internal")), TestData.Canonical(view.Internal));
        Assert.Equal(Flat(inst.GetProperty("external_final")), TestData.Canonical(view.ExternalFinal));
        Assert.Equal(Flat(inst.GetProperty("internal_diag")), TestData.Canonical(view.Diagonal));
    }

    [Fact]
    public void The_view_is_the_permutation_s_own_constants()
    {
        // Same memory, not a copy: the view aliases the parameters the kernel reads.
        var view = Poseidon2Constants.Width16.ExternalInitial;
        var words = Poseidon2Parameters.Width16.ExternalInitial;
        Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(System.Runtime.InteropServices.MemoryMarshal.Cast<BabyBear, uint>(view)),
            ref words[0]));
    }
}
