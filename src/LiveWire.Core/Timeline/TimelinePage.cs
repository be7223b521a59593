using LiveWire.Contracts;

namespace LiveWire.Core.Timeline;

/// <summary>Events read from a topic's history.</summary>
/// <param name="LatestSeq">The topic's latest <c>seq</c> (0 for a topic with no events).</param>
/// <param name="Reset">
/// True when the events after the requested position are no longer all retained (or the position is ahead of the
/// topic): the reader must reload the topic's state instead of applying <paramref name="Events"/>.
/// </param>
/// <param name="Events">The events after the requested position, in <c>seq</c> order; empty on a reset.</param>
/// <param name="Epoch">The topic's epoch, read with <paramref name="LatestSeq"/> (null for a topic with none yet).</param>
public sealed record TimelinePage(long LatestSeq, bool Reset, IReadOnlyList<TimelineEvent> Events, string? Epoch = null);
