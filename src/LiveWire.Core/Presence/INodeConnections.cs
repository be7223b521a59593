namespace LiveWire.Core.Presence;

/// <summary>How many hub connections each node of the deployment holds: what a node weighs its own share against.</summary>
public interface INodeConnections
{
    /// <summary>
    /// The connections of every node seen recently that is not draining, this one included: one entry per node, in no
    /// order.
    /// </summary>
    Task<IReadOnlyList<long>> CountPerNodeAsync(CancellationToken cancellationToken);
}
