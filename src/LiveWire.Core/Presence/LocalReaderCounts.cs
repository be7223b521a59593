namespace LiveWire.Core.Presence;

/// <summary>Reader counts of a single node: the embedded default.</summary>
public sealed class LocalReaderCounts(ReaderTally tally) : IReaderCounts
{
    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, long>> CountAsync(IReadOnlyCollection<string> topics, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(topics.Distinct(StringComparer.Ordinal).ToDictionary(t => t, tally.Of, StringComparer.Ordinal));
}
