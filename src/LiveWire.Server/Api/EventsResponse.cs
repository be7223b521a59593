using LiveWire.Core.Timeline;

namespace LiveWire.Server.Api;

/// <summary>The answer to <c>GET /api/topics/{topic}/events</c>.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="LatestSeq">The topic's latest seq.</param>
/// <param name="Reset">True when the requested position is no longer retained: reload the topic's state.</param>
/// <param name="Events">The events after the requested position, in seq order.</param>
/// <param name="Epoch">The topic's epoch (left out while it has none); see docs/timeline.md, "Epochs".</param>
public sealed record EventsResponse(string Topic, long LatestSeq, bool Reset, IReadOnlyList<TimelineEvent> Events, string? Epoch);
