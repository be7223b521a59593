namespace LiveWire.Core.Stats;

/// <summary>The heartbeats of every node, for the dashboard.</summary>
public interface IClusterStats
{
    /// <summary>Publishes this node's heartbeat.</summary>
    Task PublishAsync(NodeSnapshot snapshot, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>The nodes whose heartbeat has not expired.</summary>
    Task<IReadOnlyList<NodeSnapshot>> GetNodesAsync(CancellationToken cancellationToken);
}
