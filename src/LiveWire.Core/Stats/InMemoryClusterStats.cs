namespace LiveWire.Core.Stats;

/// <summary>The embedded default: one node, its own heartbeat.</summary>
public sealed class InMemoryClusterStats : IClusterStats
{
    private NodeSnapshot? _last;

    /// <inheritdoc />
    public Task PublishAsync(NodeSnapshot snapshot, TimeSpan expiry, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _last, snapshot);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeSnapshot>> GetNodesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NodeSnapshot>>(Volatile.Read(ref _last) is { } last ? [last] : []);
}
