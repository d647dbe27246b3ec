namespace Tessera.Network.Scheduling;

/// <summary>What a prover node advertises: who it is and what it can take.</summary>
/// <param name="Id">The node's identity (hash of its public key).</param>
/// <param name="MaxPo2">The largest segment (log2 of its cycles) its memory holds.</param>
/// <param name="Workers">How many tasks it proves at once.</param>
/// <param name="ProvingHz">Its measured speed, in trace rows (cycles) proven per second per worker.</param>
public sealed record NodeInfo(NodeId Id, int MaxPo2, int Workers, double ProvingHz);
