namespace Tessera.Zkvm;

/// <summary>What a verified receipt establishes about a run of the program.</summary>
/// <param name="ImageId">The program and entry state it was checked against.</param>
/// <param name="ExitCode">The full a0 the guest passed to exit.</param>
/// <param name="Journal">The bytes the guest committed, in order.</param>
/// <param name="Cycles">Instructions executed over the whole run.</param>
/// <param name="Segments">Segments proven.</param>
/// <param name="ProvenBits">The weakest segment proof's proven security, in bits (soundcalc's model).</param>
public sealed record VerifiedRun(ImageId ImageId, uint ExitCode, byte[] Journal, ulong Cycles, int Segments, int ProvenBits);
