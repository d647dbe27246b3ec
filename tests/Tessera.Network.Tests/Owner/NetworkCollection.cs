namespace Tessera.Network.Tests.Owner;

/// <summary>
/// End-to-end tests run on the real clock with timeouts of a second or so: run alone, not
/// beside the CPU-bound simulations, so a busy machine does not pass for a silent node.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetworkCollection
{
    public const string Name = "real-clock network";
}
