namespace Tessera.Hash;

/// <summary>
/// Field arithmetic on a bundle of independent BabyBear lanes held in Montgomery form: one lane
/// (<see cref="uint"/>) or a SIMD vector. The Poseidon2 kernel is written once against this and the
/// JIT specialises it per lane type, so the scalar and vector permutations cannot drift apart.
/// </summary>
/// <typeparam name="T">The lane bundle: uint, Vector256&lt;uint&gt; or Vector512&lt;uint&gt;.</typeparam>
internal interface ILaneOps<T>
    where T : unmanaged
{
    /// <summary>Lanes per bundle.</summary>
    static abstract int Lanes { get; }

    /// <summary>Lane-wise field addition.</summary>
    static abstract T Add(T a, T b);

    /// <summary>Lane-wise field subtraction.</summary>
    static abstract T Sub(T a, T b);

    /// <summary>Lane-wise field multiplication.</summary>
    static abstract T Mul(T a, T b);

    /// <summary>
    /// Lane-wise x·2^−k for 1 ≤ k ≤ 27 without a multiplication. With x = hi·2^k + lo and
    /// 2^−27 = −15 in BabyBear (15·2^27 = p − 1), x·2^−k = hi − 15·lo·2^(27−k), and both terms are
    /// below p. Montgomery form is linear, so this is valid on Montgomery representations.
    /// </summary>
    static abstract T DivPow2(T x, int k);

    /// <summary>
    /// Lane-wise (x + c)^7, the S-box after adding a round constant; x and c are reduced and so is
    /// the result. Separate from <see cref="Mul"/> so a lane type can keep the intermediate powers
    /// in a cheaper, unreduced form.
    /// </summary>
    static abstract T AddSBox(T x, uint constant);

    /// <summary>A Montgomery-form constant in every lane.</summary>
    static abstract T Splat(uint monty);
}
