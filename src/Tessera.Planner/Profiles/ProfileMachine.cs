namespace Tessera.Planner.Profiles;

/// <summary>The machine a profile was measured on.</summary>
/// <param name="Cpu">Processor, as the operating system names it.</param>
/// <param name="Cores">Logical cores the prover used.</param>
/// <param name="MemoryBytes">Installed memory.</param>
public sealed record ProfileMachine(string Cpu, int Cores, long MemoryBytes);
