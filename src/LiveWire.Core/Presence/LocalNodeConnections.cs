namespace LiveWire.Core.Presence;

/// <summary>The connections of a single node: the embedded default, where there is no other node to share with.</summary>
public sealed class LocalNodeConnections(ReaderTally tally) : INodeConnections
{
    /// <inheritdoc />
    public Task<IReadOnlyList<long>> CountPerNodeAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<long>>([tally.Connections]);
}
