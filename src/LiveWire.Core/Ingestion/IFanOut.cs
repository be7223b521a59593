using LiveWire.Contracts;

namespace LiveWire.Core.Ingestion;

/// <summary>
/// Pushes a committed event to every reader subscribed to its topic, on every node. Delivery is at most once: a
/// reader that misses an event sees the gap in <c>seq</c> and reads it from the timeline store.
/// </summary>
public interface IFanOut
{
    /// <summary>Sends <paramref name="timelineEvent"/> to the readers of its topic.</summary>
    Task PublishAsync(TimelineEvent timelineEvent, CancellationToken cancellationToken);
}
