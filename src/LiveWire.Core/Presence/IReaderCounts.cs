namespace LiveWire.Core.Presence;

/// <summary>The number of current readers of topics, across all nodes.</summary>
public interface IReaderCounts
{
    /// <summary>Readers of each of <paramref name="topics"/> (0 for a topic nobody reads).</summary>
    Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken);
}
