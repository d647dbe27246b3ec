namespace Tessera.Network.Scheduling;

/// <summary>Where reputation lives between jobs. The scheduler reads a node's record when it joins and writes it on each change.</summary>
public interface IReputationStore
{
    /// <summary>The node's record, or <see cref="Reputation.Stranger"/> when unknown.</summary>
    Reputation Load(NodeId node);

    /// <summary>Records the node's new standing.</summary>
    void Save(NodeId node, Reputation reputation);
}

/// <summary>Reputation kept in memory: for the simulator, tests and one-shot embedded runs.</summary>
public sealed class InMemoryReputationStore : IReputationStore
{
    private readonly Dictionary<NodeId, Reputation> records = [];

    /// <inheritdoc/>
    public Reputation Load(NodeId node) => records.GetValueOrDefault(node, Reputation.Stranger);

    /// <inheritdoc/>
    public void Save(NodeId node, Reputation reputation) => records[node] = reputation;
}
