using System.Text.Json;

using Tessera.Field;

namespace Tessera.Hash.Tests;

/// <summary>
/// A deliberately naive Poseidon2 oracle written from the instance's description: canonical 64-bit
/// arithmetic, M_E and M_I as dense matrices, no Montgomery form and no shortcuts shared with the
/// production kernel. Constants come from the same JSON (that is the definition being tested).
/// </summary>
internal sealed class ReferencePoseidon2
{
    private const ulong P = BabyBear.Modulus;

    private readonly ulong[][] _initial;
    private readonly ulong[] _internal;
    private readonly ulong[][] _final;
    private readonly ulong[,] _external;
    private readonly ulong[,] _internalMatrix;

    public static ReferencePoseidon2 Width16 { get; } = new("width16");

    public static ReferencePoseidon2 Width24 { get; } = new("width24");

    private ReferencePoseidon2(string key)
    {
        using var stream = typeof(Poseidon2).Assembly.GetManifestResourceStream("Tessera.Hash.poseidon2-babybear.json")!;
        using var doc = JsonDocument.Parse(stream);
        var m4 = doc.RootElement.GetProperty("m4").EnumerateArray().Select(Row).ToArray();
        var inst = doc.RootElement.GetProperty(key);
        _initial = inst.GetProperty("external_initial").EnumerateArray().Select(Row).ToArray();
        _final = inst.GetProperty("external_final").EnumerateArray().Select(Row).ToArray();
        _internal = Row(inst.GetProperty("internal"));
        var diag = Row(inst.GetProperty("internal_diag"));
        Width = diag.Length;

        // M_E = circulant-by-blocks: block (a, b) is 2·M4 on the diagonal and M4 elsewhere.
        _external = new ulong[Width, Width];
        _internalMatrix = new ulong[Width, Width];
        for (var i = 0; i < Width; i++)
        {
            for (var j = 0; j < Width; j++)
            {
                var m = m4[i % 4][j % 4];
                _external[i, j] = i / 4 == j / 4 ? 2 * m : m;
                _internalMatrix[i, j] = i == j ? (1 + diag[i]) % P : 1;
            }
        }
    }

    public int Width { get; }

    public ulong[] Permute(ulong[] input)
    {
        var s = MatVec(_external, input);
        foreach (var rc in _initial)
        {
            s = MatVec(_external, s.Select((x, i) => Pow7((x + rc[i]) % P)).ToArray());
        }

        foreach (var rc in _internal)
        {
            s[0] = Pow7((s[0] + rc) % P);
            s = MatVec(_internalMatrix, s);
        }

        foreach (var rc in _final)
        {
            s = MatVec(_external, s.Select((x, i) => Pow7((x + rc[i]) % P)).ToArray());
        }

        return s;
    }

    /// <summary>Plonky3's PaddingFreeSponge, rate 8, on canonical values.</summary>
    public ulong[] Sponge(ulong[] input)
    {
        var state = new ulong[16];
        for (var offset = 0; offset < input.Length; offset += 8)
        {
            var n = Math.Min(8, input.Length - offset);
            Array.Copy(input, offset, state, 0, n);
            state = Permute(state);
        }

        return state[..8];
    }

    private ulong[] MatVec(ulong[,] m, ulong[] v)
    {
        var r = new ulong[Width];
        for (var i = 0; i < Width; i++)
        {
            ulong acc = 0;
            for (var j = 0; j < Width; j++)
            {
                acc = (acc + (m[i, j] * v[j] % P)) % P;
            }

            r[i] = acc;
        }

        return r;
    }

    private static ulong Pow7(ulong x)
    {
        var x2 = x * x % P;
        var x4 = x2 * x2 % P;
        return x4 * x2 % P * x % P;
    }

    private static ulong[] Row(JsonElement e) => e.EnumerateArray().Select(v => v.GetUInt64()).ToArray();
}
