using Tessera.Hash;

namespace Tessera.Zkvm;

/// <summary>The context a seal is bound to, from the bytes that name it (a network assignment's binding).</summary>
public static class ProofContext
{
    /// <summary>H("tessera.context.v1"; the bytes, one element each).</summary>
    public static Digest Of(ReadOnlySpan<byte> binding) => new TaggedHash("tessera.context.v1").Bytes(binding).Finish();
}
