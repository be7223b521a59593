namespace LiveWire.Contracts;

/// <summary>The answer of <c>GET /api/topics/{topic}/events?after=&amp;limit=</c>.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="LatestSeq">The topic's latest seq.</param>
/// <param name="Reset">
/// True when the events after the requested position are no longer all retained: nothing is listed, and the reader
/// reloads the topic's state (<see cref="TopicSnapshot"/>) and goes on from its <see cref="TopicSnapshot.LatestSeq"/>.
/// </param>
/// <param name="Events">The events after the requested position, in seq order; empty on a reset.</param>
/// <param name="Epoch">The topic's epoch (left out while it has none); see docs/timeline.md, "Epochs".</param>
public sealed record EventsPage(string Topic, long LatestSeq, bool Reset, IReadOnlyList<TimelineEvent> Events, string? Epoch = null);
